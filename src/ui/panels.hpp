#pragma once
// The overlay: one ImGui window per panel (ui/panel_*.cpp), each reading and writing ViewState
// only. They need an ImGui frame in progress, not a window or GL: tests drive them headless.
#include "ui/view_state.hpp"

namespace cerebro::ui {

void panel_model(ViewState& state);
void panel_grid(ViewState& state);
void panel_look(ViewState& state);
void panel_patterns(ViewState& state);
void panel_inspect(ViewState& state);
void panel_performance(ViewState& state);

// "2 NaN  1 +Inf  0 -Inf" in the colours the page draws them in (one ImGui line); `skip_zeros`:
// "2 NaN  1 +Inf", as a narrow table column wants it.
void nonfinite_text(const NonFinite& counts, bool skip_zeros = false);
// How wide nonfinite_text draws, in points.
float nonfinite_text_width(const NonFinite& counts, bool skip_zeros = false);

// Begins panel `name`, `width` points wide, in its place in the overlay's column (ui/panel_layout.cpp);
// false when it is collapsed (nothing to draw, End() already called).
bool begin_panel(const char* name, float width);

// Every panel in its column, plus the error and notice lines.
void draw_overlay(ViewState& state);

}  // namespace cerebro::ui
