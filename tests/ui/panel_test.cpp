// The overlay panels without a window: ImGui frames fed synthetic input (display size, mouse
// position and button), checking the state the panels write.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <functional>
#include <string>

#include "ui/panel_fixture.hpp"
#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

// The first widget of the Grid panel is the rows slider, one frame high under the title bar.
float first_row_y(const ImRect& window) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float title = ImGui::GetFontSize() + style.FramePadding.y * 2;
  return window.Min.y + title + style.WindowPadding.y + ImGui::GetFrameHeight() / 2;
}

TEST_F(Panels, ClickingTheRowsSliderEndsSetsOneAndEight) {
  const ImRect grid = laid_out(panel_grid, "Grid");
  const float y = first_row_y(grid);
  ASSERT_EQ(state.rows, 3);
  // The slider spans the item width (65% of the window) from the left padding.
  const float left = grid.Min.x + ImGui::GetStyle().WindowPadding.x;
  const float right = left + grid.GetWidth() * 0.65f;
  click(panel_grid, right - 2, y);
  EXPECT_EQ(state.rows, 8);
  click(panel_grid, left + 2, y);
  EXPECT_EQ(state.rows, 1);
  EXPECT_EQ(state.cols, 3);  // the columns slider is untouched
}

TEST_F(Panels, ClickingALayerNameSolosItAndAgainShowsAll) {
  const ImRect model = laid_out(panel_model, "Model");
  const float x = model.Min.x + 60;  // the name column, right of the show checkboxes
  // Scan down from the top: the first row a click solos is the first layer.
  std::string first_solo;
  for (float y = model.Min.y + 20; y < model.Max.y && first_solo.empty(); y += 3) {
    click(panel_model, x, y);
    first_solo = state.solo_layer;
    if (!first_solo.empty()) {
      click(panel_model, x, y);
      EXPECT_TRUE(state.solo_layer.empty()) << "a second click on " << first_solo << " shows all layers again";
      // The next row: rows are a checkbox high plus the cell padding; y is within 3 px of the top.
      click(panel_model, x, y + ImGui::GetFrameHeight() + ImGui::GetStyle().CellPadding.y * 2 + 2);
    }
  }
  EXPECT_EQ(first_solo, "input_1");
  EXPECT_EQ(state.solo_layer, "dense_1");  // the row below
}

TEST_F(Panels, UncheckingAShowBoxHidesThatLayer) {
  const ImRect model = laid_out(panel_model, "Model");
  const float x = model.Min.x + ImGui::GetStyle().WindowPadding.x + ImGui::GetFrameHeight() / 2;
  for (float y = model.Min.y + 20; y < model.Max.y && state.hidden_layers.empty(); y += 3) {
    click(panel_model, x, y);
  }
  ASSERT_EQ(state.hidden_layers.size(), 1u);
  EXPECT_EQ(*state.hidden_layers.begin(), "input_1");
  EXPECT_TRUE(state.solo_layer.empty());
}

TEST_F(Panels, PlayButtonTogglesPlaying) {
  state.pattern_count = 10;
  const ImRect patterns = laid_out(panel_patterns, "Patterns");
  ASSERT_FALSE(state.playing);
  // The transport row: |< < play > >|; scan it for the button that starts playing.
  bool found = false;
  for (float y = patterns.Min.y + 20; y < patterns.Max.y && !found; y += 4) {
    for (float x = patterns.Min.x + 10; x < patterns.Min.x + 200 && !found; x += 6) {
      click(panel_patterns, x, y);
      found = state.playing;
      if (state.pattern != 0) state.pattern = 0;  // a step button: not the one sought
    }
  }
  EXPECT_TRUE(found);
}


TEST_F(Panels, NonFiniteCountsShowInTotalPerShownLayerAndInTheLayerTable) {
  state.pattern = 7;
  state.layers[0].nonfinite = {2, 0, 1};  // input_1: not drawn by the rule, still counted
  state.layers[1].nonfinite = {3, 4, 0};
  state.nonfinite = {5, 4, 1};
  const std::string inspect = panel_text(panel_inspect, state);
  EXPECT_NE(inspect.find("pattern 7: 5 NaN 4 +Inf 1 -Inf"), std::string::npos) << inspect;
  EXPECT_NE(inspect.find("dense_1: 3 NaN 4 +Inf 0 -Inf"), std::string::npos) << inspect;
  EXPECT_EQ(inspect.find("input_1"), std::string::npos) << "only layers the grid shows: " << inspect;
  EXPECT_EQ(inspect.find("my_dense"), std::string::npos) << "a layer without any: " << inspect;
  const std::string model = panel_text(panel_model, state);
  // The table leaves out zero counts: its column stays narrow.
  EXPECT_NE(model.find("| 2 NaN 1 -Inf |"), std::string::npos) << model;
  EXPECT_NE(model.find("| 3 NaN 4 +Inf |"), std::string::npos) << model;

  state.nonfinite = {};
  for (LayerRow& row : state.layers) row.nonfinite = {};
  EXPECT_NE(panel_text(panel_inspect, state).find("pattern 7: no NaN or Inf"), std::string::npos);
}

TEST_F(Panels, PerformanceShowsTheGpuAndItsMemoryOnlyWhenKnown) {
  state.backend = "cpu";
  std::string text = panel_text(panel_performance, state);
  EXPECT_NE(text.find("backend cpu"), std::string::npos) << text;
  EXPECT_EQ(text.find("GPU memory"), std::string::npos) << text;
  state.backend = "cuda";
  state.device = "NVIDIA H200 (sm_90, 132 SMs, 139.8 GiB)";
  state.gpu_used_mb = 1536;
  state.gpu_total_mb = 143771;
  text = panel_text(panel_performance, state);
  EXPECT_NE(text.find("backend cuda on NVIDIA H200"), std::string::npos) << text;
  EXPECT_NE(text.find("GPU memory 1536 / 143771 MB"), std::string::npos) << text;
}

constexpr const char* kColumn[] = {"Model", "Patterns", "Inspect", "Grid", "Look", "Performance"};

// Every panel's rect, top to bottom.
std::vector<ImRect> column_rects() {
  std::vector<ImRect> rects;
  for (const char* name : kColumn) {
    const ImGuiWindow* window = ImGui::FindWindowByName(name);
    EXPECT_NE(window, nullptr) << name;
    rects.push_back(window ? window->Rect() : ImRect());
  }
  return rects;
}

void expect_one_column_without_overlap(const std::vector<ImRect>& rects) {
  for (size_t i = 0; i < rects.size(); ++i) {
    EXPECT_EQ(rects[i].Min.x, 0.0f) << kColumn[i];
    EXPECT_GT(rects[i].GetHeight(), 0.0f) << kColumn[i];
    if (i > 0) {
      EXPECT_GE(rects[i].Min.y, rects[i - 1].Max.y) << kColumn[i] << " under " << kColumn[i - 1];
    }
  }
}

// The overlay is one column down the left edge: no panel over another. At first use the Model
// and Patterns panels are open and the rest collapsed to their title bars; opening one moves the
// panels under it down.
TEST_F(Panels, OverlayStacksThePanelsInOneColumnAndOpeningOneMovesTheRestDown) {
  state.pattern_count = 10;
  const ImRect before_grid = laid_out(draw_overlay, "Grid");
  std::vector<ImRect> rects = column_rects();
  expect_one_column_without_overlap(rects);
  const float title = ImGui::GetFontSize() + ImGui::GetStyle().FramePadding.y * 2;
  for (size_t i = 0; i < rects.size(); ++i) {
    const bool open = i < 2;
    EXPECT_EQ(ImGui::FindWindowByName(kColumn[i])->Collapsed, !open) << kColumn[i];
    if (open) {
      EXPECT_GT(rects[i].GetHeight(), 3 * title) << kColumn[i];
    } else {
      EXPECT_FLOAT_EQ(rects[i].GetHeight(), title) << kColumn[i];
    }
  }
  // The collapse arrow at the left of the Grid panel's title bar.
  const ImVec2 arrow(before_grid.Min.x + ImGui::GetStyle().FramePadding.x + ImGui::GetFontSize() / 2,
                     before_grid.Min.y + title / 2);
  click(draw_overlay, arrow.x, arrow.y);
  frame(draw_overlay, -100, -100, false);
  frame(draw_overlay, -100, -100, false);
  EXPECT_FALSE(ImGui::FindWindowByName("Grid")->Collapsed);
  const std::vector<ImRect> after = column_rects();
  expect_one_column_without_overlap(after);
  EXPECT_GT(after[3].GetHeight(), 5 * title) << "the Grid panel fits its sliders";
  EXPECT_GE(after[4].Min.y, after[3].Max.y);
  EXPECT_GT(after[4].Min.y, rects[4].Min.y + 4 * title) << "Look moved down under the open Grid panel";
}

// Every panel open on a short window: the panels that do not fit under the others go into a second
// column; still no panel over another, and every one inside the window.
TEST_F(Panels, PanelsThatDoNotFitTheWindowsHeightStartAnotherColumn) {
  ImGui::GetIO().DisplaySize = ImVec2(1280, 600);
  state.pattern_count = 10;
  frame(draw_overlay, -100, -100, false);
  for (const char* name : kColumn) ImGui::SetWindowCollapsed(name, false);  // as a user opens them
  for (int i = 0; i < 4; ++i) frame(draw_overlay, -100, -100, false);
  const std::vector<ImRect> rects = column_rects();
  for (size_t i = 0; i < rects.size(); ++i) {
    EXPECT_FALSE(ImGui::FindWindowByName(kColumn[i])->Collapsed) << kColumn[i];
    EXPECT_LE(rects[i].Max.y, 600.0f) << kColumn[i];
    for (size_t j = 0; j < i; ++j) EXPECT_FALSE(rects[i].Overlaps(rects[j])) << kColumn[i] << " over " << kColumn[j];
  }
  EXPECT_EQ(rects[0].Min.x, 0.0f);
  EXPECT_GT(rects.back().Min.x, rects[0].Min.x) << "the last panel is in another column";
}

// A deep model's layer table scrolls: the Model panel stays a dozen rows high, and the last layer
// is a scroll away (scrolled to the end, the table's bottom row is the last layer).
TEST_F(Panels, ADeepModelsLayerTableScrollsToItsLastLayer) {
  state.layers.clear();
  for (int i = 0; i < 40; ++i) {
    char name[8];
    std::snprintf(name, sizeof name, "L%02d", i);
    state.layers.push_back({i, name, "Dense", "(10,)", 110, true, {}});
  }
  const ImRect model = laid_out(panel_model, "Model");
  const float row = ImGui::GetFrameHeight() + 2 * ImGui::GetStyle().CellPadding.y;
  EXPECT_LT(model.GetHeight(), 20 * row);
  EXPECT_GT(model.GetHeight(), 12 * row);
  const float x = model.Min.x + 60;  // the name column
  const float bottom_row = model.Max.y - ImGui::GetStyle().WindowPadding.y - row / 2;
  frame(panel_model, x, bottom_row, false);  // the table is hovered before the wheel turns
  ImGui::GetIO().MouseWheel = -100;          // far past the end: scrolling stops there
  frame(panel_model, x, bottom_row, false);
  click(panel_model, x, bottom_row);
  EXPECT_EQ(state.solo_layer, "L39");
}

}  // namespace
}  // namespace cerebro::ui
