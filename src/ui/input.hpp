#pragma once
// Keys and mouse on the grid. Called inside an ImGui frame; nothing reaches the grid while ImGui
// wants the keyboard or mouse (a slider being dragged, a text field being typed in).
#include "ui/view_session.hpp"
#include "ui/view_state.hpp"

namespace cerebro::ui {

// Space play/pause, Left/Right step, Home/End, PgUp/PgDn page, F12 screenshot, Tab overlay,
// Esc or Q quit. ImGui 1.86 names no F-keys: they are read as GLFW key codes through io.KeysDown.
void handle_keys(ViewState& state);

// Hover probes the cell under the pointer, a click pins it, a double-click zooms a cell to the
// whole grid area and back. `pixels_per_point` maps window coordinates to page pixels (HiDPI).
void handle_mouse(ViewState& state, const ViewSession& session, float pixels_per_point);

}  // namespace cerebro::ui
