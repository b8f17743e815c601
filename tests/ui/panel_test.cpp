// The overlay panels without a window: ImGui frames fed synthetic input (display size, mouse
// position and button), checking the state the panels write.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <functional>

#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

class Panels : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini read or written by a test
    io.DisplaySize = ImVec2(1280, 1024);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // NewFrame needs a built atlas, not a GPU
    state.layers = {{0, "input_1", "InputLayer", "(50, 50)", 0, false},
                    {1, "dense_1", "Dense", "(50, 75)", 3825, true},
                    {2, "my_dense", "Dense", "(50, 50)", 3800, true}};
    state.model_path = "model.h5";
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // One frame with the mouse at (x, y), button down or up, drawing `panel`.
  void frame(const std::function<void(ViewState&)>& panel, float x, float y, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x, y);
    io.MouseDown[0] = down;
    ImGui::NewFrame();
    panel(state);
    ImGui::Render();
  }
  // A click: settle, press, release. The settle frame lasts half a second, so two clicks never
  // make a double-click.
  void click(const std::function<void(ViewState&)>& panel, float x, float y) {
    ImGui::GetIO().DeltaTime = 0.5f;
    frame(panel, x, y, false);
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    frame(panel, x, y, true);
    frame(panel, x, y, false);
  }
  ImRect window_rect(const char* name) {
    const ImGuiWindow* window = ImGui::FindWindowByName(name);
    EXPECT_NE(window, nullptr) << name;
    return window ? window->Rect() : ImRect();
  }

  ViewState state;
};

// The first widget of the Grid panel is the rows slider, one frame high under the title bar.
float first_row_y(const ImRect& window) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float title = ImGui::GetFontSize() + style.FramePadding.y * 2;
  return window.Min.y + title + style.WindowPadding.y + ImGui::GetFrameHeight() / 2;
}

TEST_F(Panels, ClickingTheRowsSliderEndsSetsOneAndEight) {
  frame(panel_grid, -100, -100, false);
  const ImRect grid = window_rect("Grid");
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
  frame(panel_model, -100, -100, false);
  const ImRect model = window_rect("Model");
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
  frame(panel_model, -100, -100, false);
  const ImRect model = window_rect("Model");
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
  frame(panel_patterns, -100, -100, false);
  const ImRect patterns = window_rect("Patterns");
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

}  // namespace
}  // namespace cerebro::ui
