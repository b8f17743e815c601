#pragma once
// capture.json: the state a page was drawn from. Designed so that a later `--state FILE` can draw
// any page again pixel for pixel: page geometry, colormap, normalisation, every cell's source
// (layer, channel, strided view) and, per pattern and page, the exact range each cell was drawn
// with (float values written exactly).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/capture_plan.hpp"
#include "render/normalization.hpp"

namespace cerebro::app {

struct CaptureStateHeader {
  std::string model;
  std::string model_name;
  std::string patterns;   // the source's description
  int64_t pattern_count = 0;
  std::string colormap;
  render::NormSpec norm;
  render::DisplayOptions display;
  bool per_layer = false;
  std::string renderer;   // GL version, renderer, EGL platform
  std::string font;       // the font file titles were drawn with
};

// The document without its "files" entries.
nlohmann::json capture_state(const CaptureStateHeader& header, const model::Graph& graph, const CapturePlan& plan);

// One written page: which pattern, which page, the file, and each cell's range and counts.
struct DrawnCell {
  int cell = 0;
  render::Range range;
  ValueStats stats;
};
nlohmann::json file_entry(int64_t pattern, int page, const std::string& file, const std::vector<DrawnCell>& cells);

}  // namespace cerebro::app
