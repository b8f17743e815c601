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

// Every panel, plus the error and notice lines.
void draw_overlay(ViewState& state);

}  // namespace cerebro::ui
