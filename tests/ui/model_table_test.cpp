// The Model panel's layer table with long names, long classes and large NaN / Inf counts: every
// column fits or is a scroll away. What is in view is read from ImGui's draw lists: the glyphs
// drawn in each count's colour.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <string>

#include "render/colormap.hpp"
#include "ui/panel_fixture.hpp"
#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

// The glyphs ImGui drew in colour `rgb` in the last frame, read from its draw lists: how many, and
// how many run past the right edge of their draw command's clip rectangle or of `panel` (a glyph
// wholly past the clip rectangle is not drawn at all, so the count says it).
struct Glyphs {
  size_t drawn = 0;
  size_t cut = 0;
};

Glyphs glyphs_in(const render::Rgb& rgb, const ImRect& panel) {
  const ImU32 colour = IM_COL32(rgb[0], rgb[1], rgb[2], 255);
  Glyphs g;
  const ImDrawData* data = ImGui::GetDrawData();
  for (int l = 0; l < data->CmdListsCount; ++l) {
    const ImDrawList* list = data->CmdLists[l];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      // A glyph is a quad: six indices, two triangles.
      for (unsigned i = cmd.IdxOffset; i + 6 <= cmd.IdxOffset + cmd.ElemCount; i += 6) {
        const ImDrawVert& first =
            list->VtxBuffer[static_cast<int>(cmd.VtxOffset + list->IdxBuffer[static_cast<int>(i)])];
        if (first.col != colour) continue;
        ++g.drawn;
        float right = first.pos.x;
        for (unsigned k = i; k < i + 6; ++k) {
          right = std::max(
              right, list->VtxBuffer[static_cast<int>(cmd.VtxOffset + list->IdxBuffer[static_cast<int>(k)])].pos.x);
        }
        g.cut += right > cmd.ClipRect.z || right > panel.Max.x ? 1 : 0;
      }
    }
  }
  return g;
}

size_t visible_chars(const std::string& text) {
  return text.size() - static_cast<size_t>(std::count(text.begin(), text.end(), ' '));
}

// Every character of the NaN / Inf counts drawn (the table leaves out zero counts), none clipped:
// the column is in view.
void expect_counts_in_view(const ImRect& panel, const NonFinite& counts) {
  const std::pair<const render::Rgb*, std::string> parts[] = {
      {&render::kNanColor, std::to_string(counts.nan) + " NaN"},
      {&render::kPosInfColor, std::to_string(counts.pos_inf) + " +Inf"},
      {&render::kNegInfColor, std::to_string(counts.neg_inf) + " -Inf"},
  };
  for (const auto& [rgb, text] : parts) {
    const Glyphs g = glyphs_in(*rgb, panel);
    EXPECT_EQ(g.drawn, text.starts_with("0 ") ? 0 : visible_chars(text)) << text;
    EXPECT_EQ(g.cut, 0u) << text;
  }
}

class ModelTable : public Panels {
 protected:
  void SetUp() override {
    Panels::SetUp();
    state.layers = {{0, "input_1", "InputLayer", "(28, 28, 1)", 0, false, {}},
                    {1, kLong, "SeparableConv2D", "(26, 26, 128)", 1234567, true, kCounts},
                    {2, "gap", "GlobalAveragePooling2D", "(128,)", 0, true, {}}};
  }
  static constexpr const char* kLong = "block_3_depthwise_separable_convolution_with_a_rather_long_name_17";
  static constexpr NonFinite kCounts{78400, 1234, 56789};
};

// A long layer name and large counts: the panel widens (up to 60% of the window), the name is cut
// in the middle, keeping its start and its number, and the NaN / Inf column is wholly in view.
// Hovering the cut name shows it whole.
TEST_F(ModelTable, LongNamesAndLargeCountsKeepTheNanInfColumnInView) {
  const ImRect model = laid_out(panel_model, "Model");
  expect_counts_in_view(model, kCounts);
  EXPECT_GT(model.GetWidth(), 430.0f);
  EXPECT_LE(model.GetWidth(), 1280.0f * 0.6f);

  const std::string text = panel_text(panel_model, state);
  EXPECT_EQ(text.find(kLong), std::string::npos) << text;
  const size_t dots = text.find("...");
  ASSERT_NE(dots, std::string::npos) << text;
  const size_t start = text.rfind(' ', dots) + 1, end = text.find(' ', dots);  // the cut name
  const std::string head = text.substr(start, dots - start), tail = text.substr(dots + 3, end - dots - 3);
  EXPECT_GE(head.size(), 3u) << text;
  EXPECT_EQ(std::string(kLong).substr(0, head.size()), head) << text;
  EXPECT_GE(tail.size(), 3u) << text;
  EXPECT_TRUE(std::string(kLong).ends_with(tail)) << text;
  // A long class is cut the same way, keeping its dimension.
  EXPECT_EQ(text.find("GlobalAveragePooling2D"), std::string::npos) << text;
  const size_t cls = text.find("| Glob") + 2;
  const std::string cut_class = text.substr(cls, text.find(" |", cls) - cls);
  EXPECT_TRUE(cut_class.starts_with("GlobalA") && cut_class.ends_with("ing2D")) << text;
  EXPECT_NE(cut_class.find("..."), std::string::npos) << text;

  // Down the name column: the row whose tooltip holds the whole name.
  bool tooltip = false;
  for (float y = model.Min.y + 20; y < model.Max.y && !tooltip; y += 3) {
    frame(panel_model, model.Min.x + 60, y, false);
    tooltip = panel_text(panel_model, state).find(kLong) != std::string::npos;
  }
  EXPECT_TRUE(tooltip);
}

// A name a little long and a few NaN: the panel widens and shows the name whole.
TEST_F(ModelTable, ThePanelWidensForAWholeNameAndItsCounts) {
  state.layers[1].name = "decoder_conv2d_transpose_12";
  state.layers[1].nonfinite = {3, 0, 1};
  const ImRect model = laid_out(panel_model, "Model");
  expect_counts_in_view(model, state.layers[1].nonfinite);
  EXPECT_GT(model.GetWidth(), 430.0f);
  const std::string text = panel_text(panel_model, state);
  EXPECT_NE(text.find("| decoder_conv2d_transpose_12 |"), std::string::npos) << text << model.GetWidth();
}

// A window too narrow for the table even with names cut short: the panel keeps its width and the
// table scrolls sideways; scrolled to its right end, the NaN / Inf column is wholly in view.
TEST_F(ModelTable, InANarrowWindowTheTableScrollsSidewaysToTheNanInfColumn) {
  ImGui::GetIO().DisplaySize = ImVec2(700, 600);
  const ImRect model = laid_out(panel_model, "Model");
  EXPECT_FLOAT_EQ(model.GetWidth(), 430.0f);
  EXPECT_LT(glyphs_in(render::kNegInfColor, model).drawn, visible_chars("56789 -Inf")) << "out of view before";
  const ImVec2 table(model.Min.x + 100, model.Max.y - 40);
  frame(panel_model, table.x, table.y, false);  // the table is hovered before the wheel turns
  ImGui::GetIO().MouseWheelH = -100;            // far past the right end: scrolling stops there
  frame(panel_model, table.x, table.y, false);
  frame(panel_model, -100, -100, false);
  expect_counts_in_view(model, kCounts);
}

}  // namespace
}  // namespace cerebro::ui
