#include "app/capture_plan.hpp"

#include <cmath>

#include "core/error.hpp"
#include "io/activation_writer.hpp"

namespace cerebro::app {

CapturePlan plan_grid_pages(const model::Graph& graph, const render::DisplayOptions& display,
                            const render::PageSpec& page) {
  CapturePlan plan;
  plan.cells = render::shown_cells(graph, display);
  if (plan.cells.empty()) throw_bad_input(graph.source_file(), render::nothing_shown_message(display));
  const int per_page = page.rows * page.cols;
  const int cells = static_cast<int>(plan.cells.size());
  for (int first = 0; first < cells; first += per_page) {
    PlannedPage planned{page, {}, std::to_string(first / per_page) + ".png"};
    for (int k = first; k < std::min(cells, first + per_page); ++k) planned.cells.push_back(k);
    plan.pages.push_back(std::move(planned));
  }
  return plan;
}

CapturePlan plan_per_layer_pages(const model::Graph& graph, const render::DisplayOptions& display,
                                 const render::PageSpec& page) {
  std::vector<int> layers;
  if (display.layers.empty()) {
    for (int i = 0; i < graph.size(); ++i) layers.push_back(i);
  } else {
    render::DisplayOptions only = display;
    only.input = false;
    for (const render::CellSpec& cell : render::shown_cells(graph, only)) {
      if (layers.empty() || layers.back() != cell.layer) layers.push_back(cell.layer);
    }
  }
  CapturePlan plan;
  for (const int layer : layers) {
    std::vector<render::CellSpec> cells = render::layer_cells(graph, layer, display);
    const int count = static_cast<int>(cells.size());
    // keract's grid: nrows = int(sqrt(n) - 0.001) + 1, ncols = ceil(n / nrows).
    const int rows = static_cast<int>(std::sqrt(static_cast<double>(count)) - 0.001) + 1;
    const int cols = (count + rows - 1) / rows;
    PlannedPage planned{page, {}, std::to_string(layer) + "_" + io::safe_file_stem(graph.node_name(layer)) + ".png"};
    planned.spec.rows = rows;
    planned.spec.cols = cols;
    planned.spec.title = graph.node_name(layer);
    for (render::CellSpec& cell : cells) {
      planned.cells.push_back(static_cast<int>(plan.cells.size()));
      plan.cells.push_back(std::move(cell));
    }
    plan.pages.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace cerebro::app
