// The parts of ViewSession that read back what was drawn: the cell under the pointer, the input
// pattern as an image, the classifier's top 5, and the screenshot sidecar.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "render/colormap.hpp"
#include "render/grid_layout.hpp"
#include "ui/state_fields.hpp"
#include "ui/view_session.hpp"

namespace cerebro::ui {

int ViewSession::cell_at(const ViewState& state, float x, float y) const {
  if (!plan_ || !current_) return -1;
  const std::vector<int> on_page = page_cells(state);
  for (size_t k = 0; k < on_page.size(); ++k) {
    const render::CellSpec& cell = plan_->cells[static_cast<size_t>(on_page[k])];
    const render::Rect r = render::layout_cell(drawn_spec_, static_cast<int>(k), cell.view.rows, cell.view.cols).image;
    if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) return on_page[k];
  }
  return -1;
}

std::optional<Probe> ViewSession::probe(const ViewState& state, float x, float y) const {
  const int c = cell_at(state, x, y);
  if (c < 0) return std::nullopt;
  const std::vector<int> on_page = page_cells(state);
  const int position = static_cast<int>(std::find(on_page.begin(), on_page.end(), c) - on_page.begin());
  const render::CellSpec& cell = plan_->cells[static_cast<size_t>(c)];
  const render::Rect r = render::layout_cell(drawn_spec_, position, cell.view.rows, cell.view.cols).image;
  const auto col = std::min(cell.view.cols - 1, static_cast<int64_t>((x - r.x) / r.w * static_cast<float>(cell.view.cols)));
  const auto row = std::min(cell.view.rows - 1, static_cast<int64_t>((y - r.y) / r.h * static_cast<float>(cell.view.rows)));
  const int64_t texel = row * cell.view.cols + col;
  if (texel >= cell.view.count) return std::nullopt;
  Probe probe;
  probe.layer = graph_->node_name(cell.layer);
  probe.channel = cell.channel;
  // A strip is a 1-D output wrapped into rows: its index is the texel's.
  const bool strip = graph_->output_shape(cell.layer).size() == 1;
  probe.y = strip ? 0 : row;
  probe.x = strip ? texel : col;
  probe.value = plan_->targets[static_cast<size_t>(c)]->texel_value(texel);
  probe.pattern = state.pattern;
  return probe;
}

// The input drawn in gray, scaled to its own range: (H, W), (H, W, C) shows channel 0 or RGB,
// and a flat input of a square number of values shows as a square.
void ViewSession::update_input_image(ViewState& state, const std::vector<float>& input) {
  const Shape& shape = patterns_->shape();
  int64_t h = 0, w = 0, channels = 1;
  if (shape.size() >= 2) {
    h = shape[0];
    w = shape[1];
    channels = shape.size() == 3 ? shape[2] : 1;
  } else if (shape.size() == 1) {
    const auto side = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(shape[0]))));
    if (side * side == shape[0]) h = w = side;
  }
  if (h == 0 || shape.size() > 3) {
    state.input_texture = 0;
    return;
  }
  // The range of the finite values; NaN and infinities get the page's colours for them.
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  for (const float v : input) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  const float span = hi > lo ? hi - lo : 1.0f;
  std::vector<uint8_t> rgba(static_cast<size_t>(h * w * 4), 255);
  for (int64_t p = 0; p < h * w; ++p) {
    for (int k = 0; k < 3; ++k) {
      const float v = input[static_cast<size_t>(channels == 3 ? p * 3 + k : p * channels)];
      const size_t at = static_cast<size_t>(p * 4 + k);
      const size_t channel = static_cast<size_t>(k);
      if (std::isnan(v)) {
        rgba[at] = render::kNanColor[channel];
      } else if (std::isinf(v)) {
        rgba[at] = (v > 0 ? render::kPosInfColor : render::kNegInfColor)[channel];
      } else {
        rgba[at] = static_cast<uint8_t>(std::clamp((v - lo) / span * 255.0f, 0.0f, 255.0f));
      }
    }
  }
  if (!input_texture_ || input_texture_->width() != w || input_texture_->height() != h) {
    input_texture_.emplace(render::TextureFormat::RGBA8, static_cast<int>(w), static_cast<int>(h));
  }
  input_texture_->upload(rgba.data());
  state.input_texture = input_texture_->id();
  state.input_width = static_cast<int>(w);
  state.input_height = static_cast<int>(h);
}

// A classifier's last layer: a 1-D output of 2 or more classes; its five largest scores.
void ViewSession::update_top5(ViewState& state) {
  state.top5.clear();
  const int last = graph_->output_layers().at(0);
  const Shape& shape = graph_->output_shape(last);
  if (shape.size() != 1 || shape[0] < 2) return;
  std::vector<float> scores(static_cast<size_t>(shape[0]));
  backend_->download(last, scores);
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t{0});
  const size_t n = std::min<size_t>(5, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                    [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  for (size_t k = 0; k < n; ++k) {
    const size_t i = order[k];
    const std::string label = i < options_.labels.size() ? options_.labels[i] : "class " + std::to_string(i);
    state.top5.push_back({label, scores[i]});
  }
}

std::vector<float> ViewSession::output(int layer) const {
  std::vector<float> values(static_cast<size_t>(element_count(graph_->output_shape(layer))));
  backend_->download(layer, values);
  return values;
}

// Every layer's NaN and infinities for the current pattern, not only the cells on the page: a NaN
// is worth seeing where it starts, even in a layer that is not drawn. Counted where the outputs
// live (on CUDA, reduced on the device): no layer is downloaded for it.
void ViewSession::count_nonfinite(ViewState& state) {
  state.nonfinite = {};
  output_stats_ = backend_->output_stats(0);  // compute() runs one pattern
  for (LayerRow& row : state.layers) {
    const ValueStats& s = output_stats_.at(static_cast<size_t>(row.layer));
    row.nonfinite = {s.nan, s.pos_inf, s.neg_inf};
    state.nonfinite.nan += s.nan;
    state.nonfinite.pos_inf += s.pos_inf;
    state.nonfinite.neg_inf += s.neg_inf;
  }
}

void ViewSession::update_device_info(ViewState& state) const {
  const std::optional<compute::Backend::DeviceInfo> info = backend_ ? backend_->device_info() : std::nullopt;
  constexpr double kMb = 1024.0 * 1024.0;
  state.device = info ? info->name : "";
  state.gpu_used_mb = info ? static_cast<double>(info->used_bytes) / kMb : -1;
  state.gpu_total_mb = info ? static_cast<double>(info->total_bytes) / kMb : -1;
}

nlohmann::json ViewSession::sidecar(const ViewState& state) const {
  const patterns::PatternOptions& po = options_.pattern_options;
  nlohmann::json pattern_options = {{"first", po.first + state.pattern}, {"count", 1}, {"resize", po.resize},
                                    {"invert", po.invert}, {"mean", po.mean}, {"std", po.std}};
  if (po.scale) pattern_options["scale"] = *po.scale;
  nlohmann::json cells = nlohmann::json::array();
  for (const int c : page_cells(state)) {
    const render::CellSpec& cell = plan_->cells[static_cast<size_t>(c)];
    const ValueStats& stats = plan_->targets[static_cast<size_t>(c)]->stats();
    const render::Range range = range_of(c);
    cells.push_back({{"cell", c}, {"layer", graph_->node_name(cell.layer)}, {"title", cell.title},
                     {"channel", cell.channel}, {"range", {range.lo, range.hi}},
                     {"min_max", {stats.min, stats.max}}, {"finite", stats.finite}, {"nan", stats.nan},
                     {"pos_inf", stats.pos_inf}, {"neg_inf", stats.neg_inf}});
  }
  const render::DisplayOptions& d = plan_->display;
  const bool zoomed = state.zoom_cell >= 0;
  return {{"format", "cerebro view state"},
          {"version", 1},
          {"model", state.model_path},
          {"model_name", graph_->name()},
          {"weights", state.weights_path},
          {"patterns", state.patterns},
          {"pattern", state.pattern},
          {"pattern_options", pattern_options},
          // A zoomed cell is page `cell` of a 1x1 grid: capture --state draws it so.
          {"page", zoomed ? state.zoom_cell : state.page},
          {"page_file", std::to_string(zoomed ? state.zoom_cell : state.page) + ".png"},
          {"zoom_cell", state.zoom_cell},
          {"size", {drawn_spec_.width, drawn_spec_.height}},
          {"grid", {drawn_spec_.rows, drawn_spec_.cols}},
          {"stretch", state.stretch},
          {"colorbars", state.colorbars},
          {"limit", {d.threshold_rows, d.threshold_cols}},
          {"show", show_text(d.show)},
          {"input", d.input},
          {"layers", d.layers},
          {"square_strips", d.square_strips},
          {"hidden_layers", state.hidden_layers},
          {"solo_layer", state.solo_layer},
          {"colormap", state.colormap},
          {"normalization", render::norm_text(state.norm)},
          {"nonfinite", {{"nan", state.nonfinite.nan}, {"pos_inf", state.nonfinite.pos_inf},
                         {"neg_inf", state.nonfinite.neg_inf}}},
          {"error", state.error},
          {"cells", cells}};
}

}  // namespace cerebro::ui
