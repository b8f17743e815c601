#pragma once
// `cerebro capture`: every pattern's grid pages as PNG files, drawn headless (EGL) by the same
// renderer as the live view, plus capture.json, which records everything needed to draw a page
// again pixel for pixel (layout, colormap, normalisation, each cell's range).
#include <filesystem>
#include <span>
#include <string>

#include "app/capture_state.hpp"
#include "compute/backend.hpp"
#include "model/graph.hpp"
#include "patterns/pattern_source.hpp"
#include "render/display_rule.hpp"
#include "render/grid_layout.hpp"
#include "render/normalization.hpp"

namespace cerebro::app {

struct CaptureOptions {
  std::filesystem::path out_dir;
  render::PageSpec page;  // --size, --grid, --stretch
  render::DisplayOptions display;
  render::NormSpec norm;
  std::string colormap = "viridis";
  bool per_layer = false;
  bool plot_model = false;
  int64_t batch = 32;       // patterns per forward pass
  unsigned threads = 0;     // PNG encoders; 0: one per core
  bool progress = true;
  CaptureOrigin origin;     // recorded in capture.json for `capture --state`
};

struct CaptureSummary {
  int64_t patterns = 0;
  int64_t pages = 0;  // PNG pages written
  double seconds = 0;
};

// One pattern: DIR/0.png, DIR/1.png, ...; N patterns: DIR/<index>/0.png, ...; always
// DIR/capture.json. Needs no X server. `inputs`: one pattern source per graph input
// (graph.input_layers() order), all with as many patterns (pattern i is pattern i of each).
CaptureSummary capture(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs,
                       compute::Backend& backend, const CaptureOptions& options);
// A one-input model.
CaptureSummary capture(const model::Graph& graph, patterns::PatternSource& patterns, compute::Backend& backend,
                       const CaptureOptions& options);

}  // namespace cerebro::app
