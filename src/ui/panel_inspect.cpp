#include <imgui.h>

#include <algorithm>

#include "render/colormap.hpp"
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

// The current pattern's NaN and infinities, in total and per layer the grid shows.
void nonfinite_lines(const ViewState& state) {
  ImGui::Separator();
  if (state.nonfinite.total() == 0) {
    ImGui::TextDisabled("pattern %lld: no NaN or Inf", static_cast<long long>(state.pattern));
    return;
  }
  ImGui::Text("pattern %lld:", static_cast<long long>(state.pattern));
  ImGui::SameLine();
  nonfinite_text(state.nonfinite);
  for (const LayerRow& row : state.layers) {
    if (!row.has_cells || row.nonfinite.total() == 0) continue;
    ImGui::Text("  %s:", row.name.c_str());
    ImGui::SameLine();
    nonfinite_text(row.nonfinite);
  }
}

}  // namespace

void nonfinite_text(const NonFinite& counts) {
  const auto colour = [](const render::Rgb& rgb) {
    return ImVec4(static_cast<float>(rgb[0]) / 255.0f, static_cast<float>(rgb[1]) / 255.0f,
                  static_cast<float>(rgb[2]) / 255.0f, 1.0f);
  };
  ImGui::TextColored(colour(render::kNanColor), "%lld NaN", static_cast<long long>(counts.nan));
  ImGui::SameLine();
  ImGui::TextColored(colour(render::kPosInfColor), "%lld +Inf", static_cast<long long>(counts.pos_inf));
  ImGui::SameLine();
  ImGui::TextColored(colour(render::kNegInfColor), "%lld -Inf", static_cast<long long>(counts.neg_inf));
}

void panel_inspect(ViewState& state) {
  if (!begin_panel("Inspect", 320)) return;
  if (state.hover) {
    probe_lines("hover", *state.hover);
  } else {
    ImGui::PushTextWrapPos(0.0f);  // the column is narrower than the line
    ImGui::TextDisabled("hover a cell; click pins it, double-click zooms");
    ImGui::PopTextWrapPos();
  }
  if (state.pinned) {
    ImGui::Separator();
    probe_lines("pinned", *state.pinned);
    if (ImGui::SmallButton("unpin")) state.pinned.reset();
  }
  if (state.zoom_cell >= 0 && ImGui::SmallButton("back to the grid")) state.zoom_cell = -1;
  nonfinite_lines(state);
  top5_chart(state);
  ImGui::End();
}

}  // namespace cerebro::ui
