#include <imgui.h>

#include <algorithm>
#include <cstdio>

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

// The three parts nonfinite_text draws, and their colours.
struct NonFiniteParts {
  char text[3][32];
  static constexpr const render::Rgb* kColours[3] = {&render::kNanColor, &render::kPosInfColor, &render::kNegInfColor};
  explicit NonFiniteParts(const NonFinite& counts) {
    std::snprintf(text[0], sizeof text[0], "%lld NaN", static_cast<long long>(counts.nan));
    std::snprintf(text[1], sizeof text[1], "%lld +Inf", static_cast<long long>(counts.pos_inf));
    std::snprintf(text[2], sizeof text[2], "%lld -Inf", static_cast<long long>(counts.neg_inf));
  }
};

}  // namespace

void nonfinite_text(const NonFinite& counts, bool skip_zeros) {
  const NonFiniteParts parts(counts);
  const int64_t values[3] = {counts.nan, counts.pos_inf, counts.neg_inf};
  bool first = true;
  for (int i = 0; i < 3; ++i) {
    if (skip_zeros && values[i] == 0) continue;
    const render::Rgb& rgb = *NonFiniteParts::kColours[i];
    const ImVec4 colour(static_cast<float>(rgb[0]) / 255.0f, static_cast<float>(rgb[1]) / 255.0f,
                        static_cast<float>(rgb[2]) / 255.0f, 1.0f);
    if (!first) ImGui::SameLine();
    first = false;
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::TextUnformatted(parts.text[i]);
    ImGui::PopStyleColor();
  }
}

float nonfinite_text_width(const NonFinite& counts, bool skip_zeros) {
  const NonFiniteParts parts(counts);
  const int64_t values[3] = {counts.nan, counts.pos_inf, counts.neg_inf};
  float width = 0;
  for (int i = 0; i < 3; ++i) {
    if (skip_zeros && values[i] == 0) continue;
    if (width > 0) width += ImGui::GetStyle().ItemSpacing.x;  // the SameLine() gap
    width += ImGui::CalcTextSize(parts.text[i]).x;
  }
  return width;
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
