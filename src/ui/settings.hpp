#pragma once
// Settings that persist between interactive runs, in $XDG_CONFIG_HOME/cerebro/view.json (the
// window layout is ImGui's imgui.ini beside it). Never the working directory.
#include "ui/view_state.hpp"

namespace cerebro::ui {

// Fills the look and grid fields from the saved file, if any (a broken file is ignored).
void load_settings(ViewState& state);
void save_settings(const ViewState& state);

}  // namespace cerebro::ui
