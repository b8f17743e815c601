// Where the overlay's panels go. Under Mesa's llvmpipe every fragment ImGui draws is shaded on the
// CPU (textured and blended, whatever its alpha), and six free-floating panels of fixed size cost
// more per frame than the page itself (bench/RESULTS.md). So the panels stack in one column down
// the window's left edge (a second one beside it when they do not fit), each as tall as its
// content (no empty panel area, no panel over another), and those a first look needs less start
// collapsed: a click on a title bar opens one.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

struct PanelSlot {
  const char* name;
  void (*draw)(ViewState&);
  bool open_at_first_use;
};

// Top to bottom. Collapsed or open as the user leaves them: imgui.ini keeps it.
constexpr std::array<PanelSlot, 6> kColumn{{
    {"Model", panel_model, true},
    {"Patterns", panel_patterns, true},
    {"Inspect", panel_inspect, false},
    {"Grid", panel_grid, false},
    {"Look", panel_look, false},
    {"Performance", panel_performance, false},
}};

constexpr float kGap = 2;

void messages(ViewState& state) {
  if (state.error.empty() && state.notice.empty()) return;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y - 10), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::Begin("##messages", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
  if (!state.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.3f, 0.3f, 1), "%s", state.error.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) state.error.clear();
  }
  if (!state.notice.empty()) ImGui::TextUnformatted(state.notice.c_str());
  ImGui::End();
}

}  // namespace

bool begin_panel(const char* name, float width) {
  // Directly under the last panel drawn this frame (a collapsed one is its title bar high); when
  // this one (as tall as it was last frame) would run off the bottom, at the top of a new column
  // right of the one before. A panel drawn alone (the tests) starts at the top left.
  ImVec2 pos(0, 0);
  float column_right = 0;
  for (const PanelSlot& slot : kColumn) {
    if (std::strcmp(slot.name, name) == 0) break;
    const ImGuiWindow* above = ImGui::FindWindowByName(slot.name);
    if (above == nullptr || !above->Active) continue;
    const ImRect rect = above->Rect();
    if (rect.Min.x != pos.x) column_right = 0;  // it started a new column
    column_right = std::max(column_right, rect.Max.x);
    pos = ImVec2(rect.Min.x, rect.Max.y + kGap);
  }
  const ImGuiWindow* self = ImGui::FindWindowByName(name);
  const float height = self != nullptr ? self->Size.y : ImGui::GetFrameHeight();
  if (pos.y > 0 && pos.y + height > ImGui::GetIO().DisplaySize.y) pos = ImVec2(column_right + kGap, 0);
  ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
  // Height 0: fitted to the content every frame.
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  if (ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) return true;
  ImGui::End();
  return false;
}

void draw_overlay(ViewState& state) {
  for (const PanelSlot& slot : kColumn) {
    ImGui::SetNextWindowCollapsed(!slot.open_at_first_use, ImGuiCond_FirstUseEver);
    slot.draw(state);
  }
  messages(state);
}

}  // namespace cerebro::ui
