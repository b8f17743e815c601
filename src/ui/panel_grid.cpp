#include <imgui.h>

#include "ui/panels.hpp"

namespace cerebro::ui {

void panel_grid(ViewState& state) {
  if (!begin_panel("Grid", 320)) return;
  ImGui::SliderInt("rows", &state.rows, 1, 8);
  ImGui::SliderInt("columns", &state.cols, 1, 8);
  if (state.page_count > 1) {
    ImGui::SliderInt("page", &state.page, 0, state.page_count - 1);
  } else {
    ImGui::TextDisabled("page 0 of 1");
  }
  // The article's rule: shown when both sides are strictly greater than the threshold.
  ImGui::SliderInt("H threshold", &state.threshold_rows, 0, 512);
  ImGui::SliderInt("W threshold", &state.threshold_cols, 0, 512);
  int show = static_cast<int>(state.show);
  ImGui::RadioButton("article", &show, static_cast<int>(render::ShowMode::Article));
  ImGui::SameLine();
  ImGui::RadioButton("maps", &show, static_cast<int>(render::ShowMode::Maps));
  ImGui::SameLine();
  ImGui::RadioButton("all", &show, static_cast<int>(render::ShowMode::All));
  state.show = static_cast<render::ShowMode>(show);
  ImGui::Checkbox("stretch (else keep aspect)", &state.stretch);
  ImGui::Checkbox("input in the first cell", &state.input_cell);
  ImGui::End();
}

}  // namespace cerebro::ui
