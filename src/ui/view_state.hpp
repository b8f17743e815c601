#pragma once
// The one plain struct the live view's panels read and write (Tracy's habit: no function-local
// statics). Panels never act: they set fields, and requests (load, screenshot, quit) that the
// frame loop carries out between frames.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "render/display_rule.hpp"
#include "render/normalization.hpp"

namespace cerebro::ui {

// NaN, +Inf and -Inf among values (drawn magenta, green and cyan, as capture draws them).
struct NonFinite {
  int64_t nan = 0;
  int64_t pos_inf = 0;
  int64_t neg_inf = 0;
  int64_t total() const { return nan + pos_inf + neg_inf; }
};

// One row of the Model panel.
struct LayerRow {
  int layer = 0;  // graph index
  std::string name;
  std::string keras_class;
  std::string shape;  // "(26, 26, 8)"
  int64_t params = 0;
  bool has_cells = false;  // the current show rule draws it
  NonFinite nonfinite;     // in this layer's output for the current pattern
};

// What the pointer is over (or what was pinned).
struct Probe {
  std::string layer;
  int64_t channel = -1;
  int64_t y = 0;
  int64_t x = 0;
  float value = 0;
  int64_t pattern = 0;
};

struct ClassScore {
  std::string label;
  float score = 0;
};

// Frame time split by phase, milliseconds (the last frame, and smoothed for display).
struct PhaseTimes {
  double input = 0, advance = 0, compute = 0, publish = 0, draw = 0, overlay = 0, present = 0;
  double total() const { return input + advance + compute + publish + draw + overlay + present; }
};

struct ViewState {
  // Model panel
  std::string model_path;
  std::string model_path_edit;  // the path field
  std::string weights_path;     // --weights: applied to the model file's architecture; empty: its own
  std::vector<LayerRow> layers;
  std::set<std::string> hidden_layers;
  std::string solo_layer;  // empty: none

  // Patterns panel
  std::string patterns = "random:100:0";
  std::string patterns_edit;
  int64_t pattern = 0;
  int64_t pattern_count = 1;
  bool playing = false;
  double rate = 0;  // patterns per second; 0: one new pattern per frame
  unsigned input_texture = 0;  // GL name of the current input drawn as an image; 0: none
  int input_width = 0, input_height = 0;

  // Grid panel
  int rows = 3, cols = 3;
  int page = 0;
  int page_count = 1;
  int threshold_rows = 15, threshold_cols = 15;
  render::ShowMode show = render::ShowMode::Article;
  bool stretch = false;
  bool input_cell = false;
  bool square_strips = false;  // 1-D outputs as keract's near-square rectangle (with show all)
  std::vector<std::string> layer_list;  // --layers

  // Look panel
  std::string colormap = "viridis";
  render::NormSpec norm;
  bool colorbars = true;

  // Inspect panel
  std::optional<Probe> hover;
  std::optional<Probe> pinned;
  int zoom_cell = -1;  // shown-cell index drawn over the whole grid area; -1: the grid
  std::vector<ClassScore> top5;
  NonFinite nonfinite;  // every layer of the current pattern together

  // Performance panel
  PhaseTimes last;
  PhaseTimes smooth;
  double fps = 0;
  double patterns_per_second = 0;
  double rss_mb = 0;
  std::string backend;      // "cpu", "cuda"
  std::string device;       // the GPU's name when the CUDA backend runs; empty on the CPU
  double gpu_used_mb = -1;  // device memory in use / in total; negative: not known (the CPU)
  double gpu_total_mb = -1;

  // Overlay
  bool overlay = true;
  std::string error;   // shown in red until dismissed
  std::string notice;  // one line: what just happened ("showing maps: ...", "saved ...")

  // Requests the frame loop carries out
  bool quit = false;
  bool screenshot = false;
  bool screenshot_overlay = false;
  std::string shots_dir = "screenshots";
  std::string load_model;     // a path to load
  std::string load_patterns;  // a source to open
  bool recompute = true;      // pattern, model or weights changed
};

}  // namespace cerebro::ui
