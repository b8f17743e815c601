#pragma once
// capture.json: the state a page was drawn from. Designed so that a later `--state FILE` can draw
// any page again pixel for pixel: page geometry, colormap, normalisation, every cell's source
// (layer, channel, strided view) and, per pattern and page, the exact range each cell was drawn
// with (float values written exactly).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/capture_plan.hpp"
#include "patterns/conversion.hpp"
#include "render/normalization.hpp"

namespace cerebro::app {

// How a capture's patterns were opened, recorded so that `capture --state capture.json` opens
// them again.
struct CaptureOrigin {
  std::string weights;             // --weights; empty: the model file's own
  std::vector<std::string> specs;  // one per graph input (graph.input_layers() order); empty: unknown
  patterns::PatternOptions pattern_options;
};

struct RecordedInput {
  std::string name;    // the input layer's name
  std::string source;  // its pattern source's description
};

struct CaptureStateHeader {
  std::string model;
  std::string model_name;
  CaptureOrigin origin;
  std::vector<RecordedInput> inputs;  // graph.input_layers() order
  int64_t pattern_count = 0;
  std::string colormap;
  render::NormSpec norm;
  render::DisplayOptions display;
  bool per_layer = false;
  std::string renderer;   // GL version, renderer, EGL platform
  std::string font;       // the font file titles were drawn with
  int64_t batch = 1;      // patterns per forward pass (BLAS may round differently for another)
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
