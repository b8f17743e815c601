#pragma once
// Which layer outputs are shown, as which cells: the one place that decides it.
#include <cstdint>
#include <string>
#include <vector>

#include "core/render_target.hpp"
#include "model/graph.hpp"

namespace cerebro::render {

enum class ShowMode {
  Article,  // the article's rule: outputs 2-D per pattern with both sides > the threshold
  Maps,     // also 3-D outputs (H, W, C) with H, W > the threshold, one cell per channel
  All,      // every output: 2-D maps and 3-D channels of any size, 1-D (and deeper) as strips
};

struct DisplayOptions {
  ShowMode show = ShowMode::Article;
  int64_t threshold_rows = 15;  // strictly greater than, as the article
  int64_t threshold_cols = 15;
  bool input = false;                // the pattern itself in the first cell
  std::vector<std::string> layers;   // when set: exactly these layers, whatever their size
  bool square_strips = false;        // 1-D outputs as keract's near-square rectangle
  int64_t max_texture_size = 16384;  // GL_MAX_TEXTURE_SIZE: longer strips wrap into rows
};

// One shown cell: what the title says and where its values come from (view.pattern is 0; the
// caller sets it).
struct CellSpec {
  int layer = 0;
  int64_t channel = -1;  // -1: the whole output
  Shape shape;           // the layer's output shape, one pattern
  std::string title;     // "dense_1 (50, 75)", "conv (26, 26) ch 3", "flatten (500,)"
  PublishView view;
};

// The cells for `graph`, in graph order (the input first with `input`). Empty when nothing
// passes the rule; unknown --layers names are a BadInput error listing the layer names.
std::vector<CellSpec> shown_cells(const model::Graph& graph, const DisplayOptions& options);

// Every cell of one layer, whatever its size (one per channel for 3-D outputs): --per-layer.
std::vector<CellSpec> layer_cells(const model::Graph& graph, int layer, const DisplayOptions& options);

// keract's near-square factorisation of n (rows x cols == n, rows + cols smallest; a prime
// gives n x 1), as keract's _convert_1d_to_2d.
std::pair<int64_t, int64_t> near_square(int64_t n);

// The one line said when nothing is shown, with the way out.
std::string nothing_shown_message(const DisplayOptions& options);

}  // namespace cerebro::render
