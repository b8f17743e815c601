#include <imgui.h>

#include <algorithm>

#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

void probe_lines(const char* what, const Probe& p) {
  ImGui::Text("%s: %s", what, p.layer.c_str());
  if (p.channel >= 0) {
    ImGui::Text("channel %lld  (y, x) = (%lld, %lld)", static_cast<long long>(p.channel), static_cast<long long>(p.y),
                static_cast<long long>(p.x));
  } else {
    ImGui::Text("(y, x) = (%lld, %lld)", static_cast<long long>(p.y), static_cast<long long>(p.x));
  }
  ImGui::Text("value %.6g  pattern %lld", static_cast<double>(p.value), static_cast<long long>(p.pattern));
}

// The classifier's five best classes as labelled bars, scaled to the best score.
void top5_chart(const ViewState& state) {
  if (state.top5.empty()) return;
  ImGui::Separator();
  ImGui::TextUnformatted("top 5");
  const float best = std::max(state.top5.front().score, 1e-12f);
  for (const ClassScore& c : state.top5) {
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%.4g", static_cast<double>(c.score));
    ImGui::ProgressBar(std::clamp(c.score / best, 0.0f, 1.0f), ImVec2(140, 0), overlay);
    ImGui::SameLine();
    ImGui::TextUnformatted(c.label.c_str());
  }
}

}  // namespace

void panel_inspect(ViewState& state) {
  ImGui::SetNextWindowPos(ImVec2(450, 350), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(320, 260), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Inspect")) {
    ImGui::End();
    return;
  }
  if (state.hover) {
    probe_lines("hover", *state.hover);
  } else {
    ImGui::TextDisabled("hover a cell; click pins it, double-click zooms");
  }
  if (state.pinned) {
    ImGui::Separator();
    probe_lines("pinned", *state.pinned);
    if (ImGui::SmallButton("unpin")) state.pinned.reset();
  }
  if (state.zoom_cell >= 0 && ImGui::SmallButton("back to the grid")) state.zoom_cell = -1;
  top5_chart(state);
  ImGui::End();
}

}  // namespace cerebro::ui
