#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

// Rows past this many scroll inside the table: a deep model keeps the panel (and the fragments
// llvmpipe shades for it) small.
constexpr int kVisibleRows = 12;

void layer_row(ViewState& state, const LayerRow& row) {
  ImGui::TableNextRow();
  ImGui::PushID(row.layer);
  ImGui::TableNextColumn();
  bool shown = !state.hidden_layers.contains(row.name);
  if (ImGui::Checkbox("##show", &shown)) {
    if (shown) {
      state.hidden_layers.erase(row.name);
    } else {
      state.hidden_layers.insert(row.name);
    }
  }
  ImGui::TableNextColumn();
  // A click solos the layer (only it is drawn); a second click shows them all again.
  const bool solo = state.solo_layer == row.name;
  if (ImGui::Selectable(row.name.c_str(), solo)) state.solo_layer = solo ? "" : row.name;
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(row.keras_class.c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(row.shape.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%lld%s", static_cast<long long>(row.params), row.has_cells ? "" : " -");
  ImGui::TableNextColumn();
  if (row.nonfinite.total() > 0) nonfinite_text(row.nonfinite);
  ImGui::PopID();
}

void layer_table(ViewState& state) {
  const int count = static_cast<int>(state.layers.size());
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  ImVec2 outer(0, 0);
  if (count > kVisibleRows) {
    // Every row is a checkbox high; the header row is one more.
    const float row = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    outer.y = row * static_cast<float>(kVisibleRows + 1);
    flags |= ImGuiTableFlags_ScrollY;
  }
  if (!ImGui::BeginTable("layers", 6, flags, outer)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("show");
  ImGui::TableSetupColumn("name");
  ImGui::TableSetupColumn("class");
  ImGui::TableSetupColumn("output");
  ImGui::TableSetupColumn("params");
  ImGui::TableSetupColumn("NaN / Inf");
  ImGui::TableHeadersRow();
  // Only the rows in view are laid out (all rows are the same height).
  ImGuiListClipper clipper;
  clipper.Begin(count);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      layer_row(state, state.layers[static_cast<size_t>(i)]);
    }
  }
  ImGui::EndTable();
}

}  // namespace

void panel_model(ViewState& state) {
  if (!begin_panel("Model", 430)) return;
  ImGui::TextWrapped("%s", state.model_path.c_str());
  ImGui::InputText("##path", &state.model_path_edit);
  ImGui::SameLine();
  if (ImGui::Button("Load")) state.load_model = state.model_path_edit;
  ImGui::TextDisabled("or drop a model file on the window");
  layer_table(state);
  // Below the table, so that soloing a layer does not move the rows under the pointer.
  if (!state.solo_layer.empty()) {
    ImGui::Text("solo: %s", state.solo_layer.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("show all")) state.solo_layer.clear();
  }
  ImGui::End();
}

}  // namespace cerebro::ui
