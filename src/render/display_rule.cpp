#include "render/display_rule.hpp"

#include <tuple>

#include "core/error.hpp"

namespace cerebro::render {
namespace {

std::string limit_text(const DisplayOptions& o) {
  return std::to_string(o.threshold_rows) + "x" + std::to_string(o.threshold_cols);
}

bool passes_threshold(int64_t rows, int64_t cols, const DisplayOptions& o) {
  return rows > o.threshold_rows && cols > o.threshold_cols;
}

void check_texture_size(const model::Graph& graph, int layer, int64_t rows, int64_t cols, const DisplayOptions& o) {
  if (rows > o.max_texture_size || cols > o.max_texture_size) {
    throw_unsupported(graph.source_file() + ": layer '" + graph.node_name(layer) + "'",
                      "a " + std::to_string(rows) + "x" + std::to_string(cols) + " map exceeds the GPU's largest texture (" +
                          std::to_string(o.max_texture_size) + ")");
  }
}

CellSpec map_cell(const model::Graph& graph, int layer, const DisplayOptions& o) {
  const Shape& shape = graph.output_shape(layer);
  check_texture_size(graph, layer, shape[0], shape[1], o);
  CellSpec cell{layer, -1, shape, graph.node_name(layer) + " " + shape_tuple(shape), {}};
  cell.view = {layer, 0, 0, shape[0], shape[1], shape[1], 1, shape[0] * shape[1]};
  return cell;
}

CellSpec channel_cell(const model::Graph& graph, int layer, int64_t channel, const DisplayOptions& o) {
  const Shape& shape = graph.output_shape(layer);
  const int64_t h = shape[0];
  const int64_t w = shape[1];
  const int64_t c = shape[2];
  check_texture_size(graph, layer, h, w, o);
  CellSpec cell{layer, channel, shape,
                graph.node_name(layer) + " " + shape_tuple({h, w}) + " ch " + std::to_string(channel), {}};
  cell.view = {layer, 0, channel, h, w, w * c, c, h * w};
  return cell;
}

// A 1-D output (or a deeper one read flat) as a strip: one row, wrapped at the largest texture
// width, or keract's near-square rectangle when asked and it fits.
CellSpec strip_cell(const model::Graph& graph, int layer, const DisplayOptions& o) {
  const Shape& shape = graph.output_shape(layer);
  const int64_t n = element_count(shape);
  int64_t rows = (n + o.max_texture_size - 1) / o.max_texture_size;
  int64_t cols = std::min(n, o.max_texture_size);
  if (o.square_strips) {
    const auto [r, c] = near_square(n);
    if (r <= o.max_texture_size && c <= o.max_texture_size) std::tie(rows, cols) = std::pair{r, c};
  }
  CellSpec cell{layer, -1, shape, graph.node_name(layer) + " " + shape_tuple(shape), {}};
  cell.view = {layer, 0, 0, rows, cols, cols, 1, n};
  return cell;
}

bool is_input(const model::Graph& graph, int layer) { return graph.inputs_of(layer).empty(); }

// Cells of one layer under the rule; `forced` shows it whatever its size (--layers, --input).
void add_layer(const model::Graph& graph, int layer, const DisplayOptions& o, bool forced,
               std::vector<CellSpec>& cells) {
  const Shape& shape = graph.output_shape(layer);
  const bool all = forced || o.show == ShowMode::All;
  if (shape.size() == 2) {
    if (all || passes_threshold(shape[0], shape[1], o)) cells.push_back(map_cell(graph, layer, o));
  } else if (shape.size() == 3) {
    if (all || (o.show == ShowMode::Maps && passes_threshold(shape[0], shape[1], o))) {
      for (int64_t c = 0; c < shape[2]; ++c) cells.push_back(channel_cell(graph, layer, c, o));
    }
  } else if (all) {
    cells.push_back(strip_cell(graph, layer, o));
  }
}

}  // namespace

std::pair<int64_t, int64_t> near_square(int64_t n) {
  std::pair<int64_t, int64_t> best{n, 1};
  for (int64_t d = 2; d * d <= n; ++d) {
    // keract keeps the first pair of smallest sum with the larger factor as rows.
    if (n % d == 0) best = {n / d, d};
  }
  return best;
}

std::vector<CellSpec> shown_cells(const model::Graph& graph, const DisplayOptions& options) {
  std::vector<CellSpec> cells;
  if (options.input) {
    for (int layer : graph.input_layers()) add_layer(graph, layer, options, true, cells);
  }
  if (!options.layers.empty()) {
    for (const std::string& name : options.layers) {
      const std::optional<int> layer = graph.find(name);
      if (!layer) {
        std::string known;
        for (int i = 0; i < graph.size(); ++i) known += (i ? ", " : "") + graph.node_name(i);
        throw_bad_input("--layers", "no layer named '" + name + "' (layers: " + known + ")");
      }
      add_layer(graph, *layer, options, true, cells);
    }
    return cells;
  }
  for (int layer = 0; layer < graph.size(); ++layer) {
    if (!is_input(graph, layer)) add_layer(graph, layer, options, false, cells);
  }
  return cells;
}

std::vector<CellSpec> layer_cells(const model::Graph& graph, int layer, const DisplayOptions& options) {
  std::vector<CellSpec> cells;
  add_layer(graph, layer, options, true, cells);
  return cells;
}

std::string nothing_shown_message(const DisplayOptions& o) {
  if (o.show == ShowMode::Article) {
    return "no layer output is 2-D with both sides above " + limit_text(o) +
           " (the article's rule); try --show maps, --show all or a smaller --limit";
  }
  return "no layer output passes --show maps above " + limit_text(o) + "; try --show all or a smaller --limit";
}

}  // namespace cerebro::render

