// Pages drawn through EGL (Mesa's llvmpipe on CI, no X server) and read back: every map pixel is
// checked against matplotlib's colormap tables, and the non-finite colours, titles and colour bars
// against what they must be.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>

#include "compute/publish.hpp"
#include "render/egl_context.hpp"
#include "render/page_renderer.hpp"
#include "render/value_target.hpp"
#include "render/pixel_check.hpp"

namespace cerebro::render {
namespace {

using testing::check_map_pixels;

class Pixels : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { context_ = new EglContext(); }
  static void TearDownTestSuite() {
    delete context_;
    context_ = nullptr;
  }

  // A target holding `values` (rows x cols), published as the CPU backend does.
  static std::unique_ptr<TextureTarget> target(int64_t rows, int64_t cols, const std::vector<float>& values,
                                               int64_t count = -1) {
    auto t = std::make_unique<TextureTarget>(rows, cols);
    const int64_t n = count < 0 ? rows * cols : count;
    compute::publish_host(values, PublishView{0, 0, 0, rows, cols, cols, 1, n}, *t);
    return t;
  }

  static DrawCell cell(int position, const TextureTarget& t, Range range, int64_t count = -1) {
    return {position, "layer (" + std::to_string(t.rows()) + ", " + std::to_string(t.cols()) + ")", &t.texture(),
            count < 0 ? t.rows() * t.cols() : count, range, t.stats()};
  }

  static RgbImage draw(PageRenderer& renderer, const std::vector<DrawCell>& cells) {
    std::vector<uint8_t> rgba;
    renderer.render(cells, rgba);
    return RgbImage{renderer.page().width, renderer.page().height, rgba_to_rgb(rgba)};
  }

  static void expect_map(const RgbImage& image, const PageSpec& page, const DrawCell& c, const TextureTarget& t,
                         std::string_view colormap) {
    const CellLayout layout = layout_cell(page, c.position, t.rows(), t.cols());
    const auto check = check_map_pixels(image, layout.image, t.values(), t.rows(), t.cols(), c.count, c.range.lo,
                                        c.range.hi, colormap_table(colormap));
    EXPECT_EQ(check.mismatched, 0) << check.first_mismatch;
    EXPECT_GT(check.checked, 0.9 * layout.image.w * layout.image.h);
  }

  static EglContext* context_;
};

EglContext* Pixels::context_ = nullptr;

std::vector<float> ramp(int64_t n, float scale, float offset = 0) {
  std::vector<float> v(static_cast<size_t>(n));
  for (size_t i = 0; i < v.size(); ++i) v[i] = offset + scale * static_cast<float>(i);
  return v;
}

TEST_F(Pixels, ContextIsHeadlessCore33) {
  EXPECT_NE(context_->description().find("EGL"), std::string::npos) << context_->description();
  EXPECT_GE(context_->max_texture_size(), 4096);
}

TEST_F(Pixels, EveryColormapEntryIsDrawnAsMatplotlibsTable) {
  // 256 values i + 0.5 over [0, 256]: value i lands in the middle of entry i, all 256 used.
  const auto t = target(16, 16, ramp(256, 1.0f, 0.5f));
  PageSpec page{600, 600, 1, 1, false, ""};
  PageRenderer renderer(page, "viridis");
  for (const std::string& name : colormap_names()) {
    renderer.set_colormap(name);  // no republish: the same texture, a new table
    const DrawCell c = cell(0, *t, {0.0f, 256.0f});
    expect_map(draw(renderer, {c}), page, c, *t, name);
  }
}

TEST_F(Pixels, RealValuesOnSeveralCellsWithTheirOwnRanges) {
  std::vector<std::unique_ptr<TextureTarget>> targets;
  targets.push_back(target(50, 75, ramp(50 * 75, 0.37f, -500.0f)));
  targets.push_back(target(50, 50, ramp(2500, -1e-3f, 0.25f)));
  targets.push_back(target(7, 3, {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6}));
  const PageSpec page{1000, 1000, 2, 2, false, ""};
  PageRenderer renderer(page, "magma");
  std::vector<DrawCell> cells;
  for (size_t k = 0; k < targets.size(); ++k) {
    const ValueStats& s = targets[k]->stats();
    cells.push_back(cell(static_cast<int>(k), *targets[k], {s.min, s.max}));
  }
  const RgbImage image = draw(renderer, cells);
  for (size_t k = 0; k < targets.size(); ++k) expect_map(image, page, cells[k], *targets[k], "magma");
}

TEST_F(Pixels, NonFiniteValuesHaveTheirOwnColoursAndCounts) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const auto t = target(2, 3, {nan, 1.0f, inf, -inf, 2.0f, nan});
  EXPECT_EQ(t->stats().nan, 2);
  EXPECT_EQ(t->stats().pos_inf, 1);
  EXPECT_EQ(t->stats().neg_inf, 1);
  EXPECT_EQ(t->stats().finite, 2);
  EXPECT_EQ(t->stats().min, 1.0f);  // ranges over finite values only
  EXPECT_EQ(t->stats().max, 2.0f);
  const PageSpec page{400, 400, 1, 1, false, ""};
  PageRenderer renderer(page, "viridis");
  const DrawCell c = cell(0, *t, {1.0f, 2.0f});
  const RgbImage image = draw(renderer, {c});
  expect_map(image, page, c, *t, "viridis");
  // The count line under the map carries a swatch of each colour.
  const CellLayout layout = layout_cell(page, 0, 2, 3);
  int nan_pixels_below = 0;
  for (int y = static_cast<int>(layout.image.y + layout.image.h); y < page.height; ++y) {
    for (int x = 0; x < page.width; ++x) {
      if (image.at(x, y, 0) == 255 && image.at(x, y, 1) == 0 && image.at(x, y, 2) == 255) ++nan_pixels_below;
    }
  }
  EXPECT_GT(nan_pixels_below, 0);
}

TEST_F(Pixels, AllNonFiniteMapDoesNotCrash) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const auto t = target(4, 4, std::vector<float>(16, nan));
  EXPECT_EQ(t->stats().finite, 0);
  const PageSpec page{300, 300, 1, 1, false, ""};
  PageRenderer renderer(page, "viridis");
  const DrawCell c = cell(0, *t, {0.0f, 0.0f});
  expect_map(draw(renderer, {c}), page, c, *t, "viridis");
}

TEST_F(Pixels, ConstantMapIsDrawnAtTheLowEndAsMatplotlibDoes) {
  // matplotlib's imshow of np.full((10, 10), 5.0) is viridis entry 0, (68, 1, 84), everywhere.
  const auto t = target(10, 10, std::vector<float>(100, 5.0f));
  const PageSpec page{300, 300, 1, 1, false, ""};
  PageRenderer renderer(page, "viridis");
  const RgbImage image = draw(renderer, {cell(0, *t, {5.0f, 5.0f})});
  const CellLayout layout = layout_cell(page, 0, 10, 10);
  const int x = static_cast<int>(layout.image.x + layout.image.w / 2);
  const int y = static_cast<int>(layout.image.y + layout.image.h / 2);
  EXPECT_EQ(image.at(x, y, 0), 68);
  EXPECT_EQ(image.at(x, y, 1), 1);
  EXPECT_EQ(image.at(x, y, 2), 84);
}

TEST_F(Pixels, ValuesOutsideAFixedRangeTakeTheEndColours) {
  const auto t = target(1, 4, {-10.0f, 0.0f, 1.0f, 10.0f});
  const PageSpec page{400, 400, 1, 1, false, ""};
  PageRenderer renderer(page, "plasma");
  const DrawCell c = cell(0, *t, {0.0f, 1.0f});
  expect_map(draw(renderer, {c}), page, c, *t, "plasma");
}

TEST_F(Pixels, WrappedStripPaddingIsBackground) {
  const auto t = target(3, 4, ramp(12, 1.0f), 10);  // 10 values, 2 padding texels
  const PageSpec page{400, 400, 1, 1, false, ""};
  PageRenderer renderer(page, "cividis");
  const DrawCell c = cell(0, *t, {0.0f, 9.0f}, 10);
  expect_map(draw(renderer, {c}), page, c, *t, "cividis");
}

TEST_F(Pixels, TitleAndColourBarAreDrawn) {
  const auto t = target(20, 30, ramp(600, 0.5f));
  const PageSpec page{500, 500, 1, 1, false, ""};
  PageRenderer renderer(page, "viridis");
  const DrawCell c = cell(0, *t, {t->stats().min, t->stats().max});
  const RgbImage image = draw(renderer, {c});
  const CellLayout layout = layout_cell(page, 0, 20, 30);
  // Title text: dark pixels in the band above the map.
  int dark = 0;
  for (int y = static_cast<int>(layout.cell.y); y < static_cast<int>(layout.image.y); ++y) {
    for (int x = 0; x < page.width; ++x) dark += image.at(x, y, 0) < 128 && image.at(x, y, 2) < 128;
  }
  EXPECT_GT(dark, 20);
  // The bar runs from the table's last entry at the top to its first at the bottom.
  const auto table = colormap_table("viridis");
  const int bx = static_cast<int>(layout.colorbar.x + layout.colorbar.w / 2);
  const int top = static_cast<int>(layout.colorbar.y);
  const int bottom = static_cast<int>(layout.colorbar.y + layout.colorbar.h - 1);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(image.at(bx, top, k), table[255][static_cast<size_t>(k)]);
    EXPECT_EQ(image.at(bx, bottom, k), table[0][static_cast<size_t>(k)]);
  }
  // Its labels: dark pixels right of the bar.
  int label = 0;
  for (int y = top; y <= bottom; ++y) {
    for (int x = static_cast<int>(layout.label_x); x < static_cast<int>(layout.cell.x + layout.cell.w); ++x) {
      label += image.at(x, y, 0) < 128;
    }
  }
  EXPECT_GT(label, 20);
}

TEST_F(Pixels, StretchFillsTheImageAreaAndKeepsPixelsExact) {
  const auto t = target(5, 40, ramp(200, 0.01f));
  const PageSpec page{600, 600, 1, 1, true, ""};
  PageRenderer renderer(page, "inferno");
  const DrawCell c = cell(0, *t, {t->stats().min, t->stats().max});
  expect_map(draw(renderer, {c}), page, c, *t, "inferno");
  const CellLayout kept = layout_cell({600, 600, 1, 1, false, ""}, 0, 5, 40);
  const CellLayout stretched = layout_cell(page, 0, 5, 40);
  EXPECT_GT(stretched.image.h, 3 * kept.image.h);
}

}  // namespace
}  // namespace cerebro::render
