#include <imgui.h>

#include "render/colormap.hpp"
#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

constexpr const char* kModes[] = {"map", "layer", "set", "fixed", "symmetric", "percentile"};

}  // namespace

void panel_look(ViewState& state) {
  if (!begin_panel("Look", 320)) return;
  if (ImGui::BeginCombo("colormap", state.colormap.c_str())) {
    for (const std::string& name : render::colormap_names()) {
      if (ImGui::Selectable(name.c_str(), name == state.colormap)) state.colormap = name;
    }
    ImGui::EndCombo();
  }
  int mode = static_cast<int>(state.norm.mode);
  if (ImGui::Combo("normalisation", &mode, kModes, IM_ARRAYSIZE(kModes))) {
    state.norm.mode = static_cast<render::NormMode>(mode);
  }
  if (state.norm.mode == render::NormMode::Fixed) {
    float range[2] = {static_cast<float>(state.norm.lo), static_cast<float>(state.norm.hi)};
    if (ImGui::InputFloat2("range", range)) {
      state.norm.lo = range[0];
      state.norm.hi = range[1];
    }
  }
  if (state.norm.mode == render::NormMode::Percentile) {
    float range[2] = {static_cast<float>(state.norm.p_lo), static_cast<float>(state.norm.p_hi)};
    if (ImGui::SliderFloat2("percentiles", range, 0.0f, 100.0f)) {
      state.norm.p_lo = range[0];
      state.norm.p_hi = range[1];
    }
  }
  ImGui::Checkbox("colour bars", &state.colorbars);
  ImGui::End();
}

}  // namespace cerebro::ui
