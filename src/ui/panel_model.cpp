#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

void layer_table(ViewState& state) {
  if (!ImGui::BeginTable("layers", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) return;
  ImGui::TableSetupColumn("show");
  ImGui::TableSetupColumn("name");
  ImGui::TableSetupColumn("class");
  ImGui::TableSetupColumn("output");
  ImGui::TableSetupColumn("params");
  ImGui::TableHeadersRow();
  for (const LayerRow& row : state.layers) {
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
    ImGui::PopID();
  }
  ImGui::EndTable();
}

}  // namespace

void panel_model(ViewState& state) {
  ImGui::SetNextWindowPos(ImVec2(10, 10), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(430, 300), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Model")) {
    ImGui::End();
    return;
  }
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
