#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>

#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

// Rows past this many scroll inside the table: a deep model keeps the panel (and the fragments
// llvmpipe shades for it) small.
constexpr int kVisibleRows = 12;
constexpr int kColumns = 6;
// The panel is at least this wide, and wider when its table needs it, up to this share of the
// window: every column in view, the NaN / Inf counts included, without scrolling sideways.
constexpr float kMinPanelWidth = 430;
constexpr float kMaxWindowShare = 0.6f;
// Longer names and classes are cut to these widths (the whole text in a tooltip). When even that
// does not fit (a narrow window), names are cut down to the minimum, then the table scrolls
// sideways.
constexpr float kNameMaxWidth = 220;
constexpr float kNameMinWidth = 70;
constexpr float kClassMaxWidth = 130;  // "BatchNormalization" whole in the default font

// What the columns other than the name need, and what the name column would like, measured over
// every layer, not only the rows in view: the panel keeps its width while the table scrolls. Each
// frame measures only a column's longest text (in bytes), not every cell of a deep model: in a
// proportional font a shorter text could be a little wider, which the stretching name column
// absorbs.
struct TableWidths {
  float show = 0, name = 0, keras_class = 0, shape = 0, params = 0, nonfinite = 0;
  float fixed() const { return show + keras_class + shape + params + nonfinite; }
};

float text_width(std::string_view text) { return ImGui::CalcTextSize(text.data(), text.data() + text.size()).x; }

TableWidths measure(const ViewState& state) {
  const LayerRow* longest[3] = {nullptr, nullptr, nullptr};  // name, class, shape
  int64_t most_params = 0;
  bool no_cells = false;
  NonFinite most;  // each count's largest: at least as wide as any row's counts
  for (const LayerRow& row : state.layers) {
    if (!longest[0] || row.name.size() > longest[0]->name.size()) longest[0] = &row;
    if (!longest[1] || row.keras_class.size() > longest[1]->keras_class.size()) longest[1] = &row;
    if (!longest[2] || row.shape.size() > longest[2]->shape.size()) longest[2] = &row;
    most_params = std::max(most_params, row.params);
    no_cells = no_cells || !row.has_cells;
    most.nan = std::max(most.nan, row.nonfinite.nan);
    most.pos_inf = std::max(most.pos_inf, row.nonfinite.pos_inf);
    most.neg_inf = std::max(most.neg_inf, row.nonfinite.neg_inf);
  }
  char params[32];
  std::snprintf(params, sizeof params, "%lld%s", static_cast<long long>(most_params), no_cells ? " -" : "");
  // Headers too: a column is never narrower than its title.
  TableWidths w;
  w.show = std::max(ImGui::GetFrameHeight(), text_width("show"));
  w.name = std::max(text_width("name"), longest[0] ? std::min(text_width(longest[0]->name), kNameMaxWidth) : 0);
  w.keras_class =
      std::max(text_width("class"), longest[1] ? std::min(text_width(longest[1]->keras_class), kClassMaxWidth) : 0);
  w.shape = std::max(text_width("output"), longest[2] ? text_width(longest[2]->shape) : 0);
  w.params = std::max(text_width("params"), text_width(params));
  w.nonfinite = std::max(text_width("NaN / Inf"), nonfinite_text_width(most, true));
  return w;
}

// Cell padding on both sides of every column, and the vertical scrollbar of a deep model's table.
float table_chrome(bool scroll_y) {
  const ImGuiStyle& style = ImGui::GetStyle();
  return 2 * style.CellPadding.x * kColumns + (scroll_y ? style.ScrollbarSize : 0);
}

float panel_width(const ViewState& state, const TableWidths& w) {
  const bool scroll_y = static_cast<int>(state.layers.size()) > kVisibleRows;
  const float wanted = w.fixed() + w.name + table_chrome(scroll_y) + 2 * ImGui::GetStyle().WindowPadding.x;
  const float most = std::max(kMinPanelWidth, ImGui::GetIO().DisplaySize.x * kMaxWindowShare);
  return std::clamp(wanted, kMinPanelWidth, most);
}

// `text` cut in the middle to fit `width`: Keras numbers repeated names at the end
// ("batch_normalization_17") and class names end in their dimension ("GlobalAveragePooling2D"),
// so the cut keeps both ends. Cuts fall between UTF-8 characters.
std::string fit_middle(const std::string& text, float width) {
  if (text.empty() || text_width(text) <= width) return text;
  const auto cut = [&](size_t keep) {
    size_t head = (keep + 1) / 2, tail = text.size() - keep / 2;
    while (head > 0 && (static_cast<unsigned char>(text[head]) & 0xC0) == 0x80) --head;
    while (tail < text.size() && (static_cast<unsigned char>(text[tail]) & 0xC0) == 0x80) ++tail;
    return text.substr(0, head) + "..." + text.substr(tail);
  };
  size_t lo = 0, hi = text.size() - 1;  // the most bytes kept that still fit: in [lo, hi]
  while (lo < hi) {
    const size_t mid = (lo + hi + 1) / 2;
    if (text_width(cut(mid)) <= width) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return cut(lo);
}

// `text` cut to its cell, whole in a tooltip when cut.
void cut_text(const std::string& text) {
  const std::string shown = fit_middle(text, ImGui::GetContentRegionAvail().x);
  ImGui::TextUnformatted(shown.c_str());
  if (shown != text && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text.c_str());
}

// A click solos the layer (only it is drawn); a second click shows them all again.
void name_cell(ViewState& state, const LayerRow& row) {
  const std::string shown = fit_middle(row.name, ImGui::GetContentRegionAvail().x);
  const bool solo = state.solo_layer == row.name;
  // "###": the ID stays the same whatever the cut, so a click lands while the width changes.
  if (ImGui::Selectable((shown + "###name").c_str(), solo)) state.solo_layer = solo ? "" : row.name;
  if (shown != row.name && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.name.c_str());
}

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
  name_cell(state, row);
  ImGui::TableNextColumn();
  cut_text(row.keras_class);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(row.shape.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%lld%s", static_cast<long long>(row.params), row.has_cells ? "" : " -");
  ImGui::TableNextColumn();
  // Only the counts that are not zero: the column stays narrow (the Inspect panel shows all three).
  if (row.nonfinite.total() > 0) nonfinite_text(row.nonfinite, true);
  ImGui::PopID();
}

// The name column takes what the fixed columns leave (its names cut to fit); when that is less
// than kNameMinWidth the table scrolls sideways instead, so no column is ever out of reach.
void layer_table(ViewState& state, const TableWidths& w) {
  const int count = static_cast<int>(state.layers.size());
  const bool scroll_y = count > kVisibleRows;
  const float needed = w.fixed() + std::min(w.name, kNameMinWidth) + table_chrome(scroll_y);
  const bool scroll_x = needed > ImGui::GetContentRegionAvail().x;
  ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
  if (scroll_y) flags |= ImGuiTableFlags_ScrollY;
  if (scroll_x) flags |= ImGuiTableFlags_ScrollX;
  ImVec2 outer(0, 0);
  if (scroll_x || scroll_y) {
    // A scrolling table is a child window: its height is set, not fitted. Every row is a checkbox
    // high; the header row is one more, and a sideways scrollbar one more.
    const float row = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    outer.y = row * static_cast<float>(std::min(count, kVisibleRows) + 1);
    if (scroll_x) outer.y += ImGui::GetStyle().ScrollbarSize;
  }
  if (!ImGui::BeginTable("layers", kColumns, flags, outer, scroll_x ? needed : 0)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("show", ImGuiTableColumnFlags_WidthFixed, w.show);
  ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("class", ImGuiTableColumnFlags_WidthFixed, w.keras_class);
  ImGui::TableSetupColumn("output", ImGuiTableColumnFlags_WidthFixed, w.shape);
  ImGui::TableSetupColumn("params", ImGuiTableColumnFlags_WidthFixed, w.params);
  ImGui::TableSetupColumn("NaN / Inf", ImGuiTableColumnFlags_WidthFixed, w.nonfinite);
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
  const TableWidths widths = measure(state);
  if (!begin_panel("Model", panel_width(state, widths))) return;
  ImGui::TextWrapped("%s", state.model_path.c_str());
  ImGui::InputText("##path", &state.model_path_edit);
  ImGui::SameLine();
  if (ImGui::Button("Load")) state.load_model = state.model_path_edit;
  ImGui::TextDisabled("or drop a model file on the window");
  layer_table(state, widths);
  // Below the table, so that soloing a layer does not move the rows under the pointer.
  if (!state.solo_layer.empty()) {
    ImGui::Text("solo: %s", state.solo_layer.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("show all")) state.solo_layer.clear();
  }
  ImGui::End();
}

}  // namespace cerebro::ui
