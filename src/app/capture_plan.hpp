#pragma once
// What `cerebro capture` draws for every pattern: the shown cells and the pages they fill, with
// the file each page is written to. Grid pages follow the display rule (the article's pages
// 0.png, 1.png, ...); --per-layer pages hold every channel of one layer, named as keract names
// them ({i}_{layer}.png).
#include <string>
#include <vector>

#include "model/graph.hpp"
#include "render/display_rule.hpp"
#include "render/grid_layout.hpp"

namespace cerebro::app {

struct PlannedPage {
  render::PageSpec spec;   // size, grid and title of this page
  std::vector<int> cells;  // indices into CapturePlan::cells, in grid order
  std::string file;        // relative to the pattern's folder
};

struct CapturePlan {
  std::vector<render::CellSpec> cells;
  std::vector<PlannedPage> pages;
};

// Pages of `page.rows x page.cols` cells, in display order. BadInput (one line, with the way
// out) when the rule shows nothing.
CapturePlan plan_grid_pages(const model::Graph& graph, const render::DisplayOptions& display,
                            const render::PageSpec& page);

// One page per layer (every layer, or --layers), all its channels on keract's near-square grid.
CapturePlan plan_per_layer_pages(const model::Graph& graph, const render::DisplayOptions& display,
                                 const render::PageSpec& page);

}  // namespace cerebro::app
