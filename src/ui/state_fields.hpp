#pragma once
// The live view's state as text: `--set key=value` for any field a panel changes, and the
// screenshot sidecar read back by `cerebro capture --state`.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patterns/conversion.hpp"
#include "render/display_rule.hpp"
#include "render/grid_layout.hpp"
#include "render/normalization.hpp"
#include "ui/view_state.hpp"

namespace cerebro::ui {

const char* show_text(render::ShowMode mode);
// "article", "maps" or "all"; BadInput naming `context` otherwise.
render::ShowMode parse_show(std::string_view text, std::string_view context = "--show");

// Sets one field from "key=value" (--set): pattern, page, rows, cols, grid (RxC), threshold_rows,
// threshold_cols, limit (HxW), show, stretch, input, square_strips, colormap, norm, playing, rate,
// overlay, zoom, hide (a layer), solo, shots, screenshot_overlay, and the requests screenshot
// (true: one now, into shots) and load (a model path). BadInput naming --set and the known keys
// otherwise.
void set_field(ViewState& state, std::string_view assignment);
std::vector<std::string> field_names();

// What `cerebro capture --state FILE` takes from a screenshot sidecar.
struct StateCapture {
  std::string model;
  std::string weights;  // empty: the model file's own
  std::string patterns;
  patterns::PatternOptions pattern_options;  // first = the pattern shown, count = 1
  render::PageSpec page;
  render::DisplayOptions display;
  render::NormSpec norm;
  std::string colormap;
  int page_index = 0;
  std::string page_file;  // the capture page that equals the screenshot
};
StateCapture read_state_file(const std::filesystem::path& path);

}  // namespace cerebro::ui
