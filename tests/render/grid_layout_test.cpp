// Page geometry: cells inside their slots, aspect kept or stretched, pages counted.
#include <gtest/gtest.h>

#include <cmath>

#include "render/grid_layout.hpp"

namespace cerebro::render {
namespace {

bool inside(const Rect& in, const Rect& out) {
  return in.x >= out.x && in.y >= out.y && in.x + in.w <= out.x + out.w && in.y + in.h <= out.y + out.h;
}

TEST(Grid, CellsSitInTheirSlotsOnWholePixels) {
  const PageSpec page;  // 1000 x 1000, 3 x 3: the article's page
  for (int position = 0; position < 9; ++position) {
    const CellLayout l = layout_cell(page, position, 50, 75);
    EXPECT_TRUE(inside(l.image, l.cell)) << position;
    EXPECT_TRUE(inside(l.colorbar, l.cell)) << position;
    EXPECT_EQ(l.image.x, std::floor(l.image.x));
    EXPECT_EQ(l.image.w, std::floor(l.image.w));
    EXPECT_LT(l.title_baseline, l.image.y);
    EXPECT_GE(l.label_x, l.colorbar.x + l.colorbar.w);
    EXPECT_EQ(static_cast<int>(l.cell.x) / 333, position % 3);
    EXPECT_EQ(static_cast<int>(l.cell.y) / 333, position / 3);
  }
}

TEST(Grid, AspectIsKeptUnlessStretched) {
  PageSpec page;
  const CellLayout wide = layout_cell(page, 0, 50, 75);
  EXPECT_NEAR(wide.image.w / wide.image.h, 75.0 / 50.0, 0.02);
  const CellLayout tall = layout_cell(page, 0, 50, 25);
  EXPECT_NEAR(tall.image.w / tall.image.h, 0.5, 0.02);
  page.stretch = true;
  const CellLayout a = layout_cell(page, 0, 50, 75);
  const CellLayout b = layout_cell(page, 0, 50, 25);
  EXPECT_EQ(a.image.w, b.image.w);  // both fill the same area
  EXPECT_EQ(a.image.h, b.image.h);
}

TEST(Grid, WithoutColourBarsTheMapTakesTheirColumn) {
  PageSpec page;
  page.stretch = true;
  const CellLayout with = layout_cell(page, 4, 50, 75);
  page.colorbars = false;
  const CellLayout without = layout_cell(page, 4, 50, 75);
  EXPECT_EQ(without.colorbar.w, 0.0f);
  EXPECT_EQ(without.image.x, with.image.x);
  // The bar, its gaps and its label column go to the map: it ends one margin (the one on its
  // left) before the cell's right edge, to a pixel of rounding.
  const float left_margin = without.image.x - without.cell.x;
  const float right_margin = without.cell.x + without.cell.w - (without.image.x + without.image.w);
  EXPECT_NEAR(right_margin, left_margin, 1.0f);
  EXPECT_GT(without.image.w, with.image.w + 50);
}

TEST(Grid, StripsKeepAVisibleHeight) {
  const CellLayout strip = layout_cell(PageSpec{}, 0, 1, 500);
  EXPECT_GE(strip.image.h, 12.0f);
}

TEST(Grid, PagesAreCounted) {
  PageSpec page;
  EXPECT_EQ(page_count(3, page), 1);
  EXPECT_EQ(page_count(9, page), 1);
  EXPECT_EQ(page_count(10, page), 2);
  page.rows = 1;
  page.cols = 2;
  EXPECT_EQ(page_count(3, page), 2);
}

TEST(Grid, TextScalesWithTheCells) {
  const TextSizes article = text_sizes(PageSpec{});
  EXPECT_NEAR(article.title_px, 16.7f, 1.0f);  // matplotlib's 12 pt title at 100 dpi
  const TextSizes small = text_sizes(PageSpec{1000, 1000, 8, 8, false, ""});
  EXPECT_LT(small.title_px, article.title_px);
  EXPECT_GE(small.title_px, 9.0f);
}

}  // namespace
}  // namespace cerebro::render
