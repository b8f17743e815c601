// PNG pages: what is written decodes to the same pixels, palette or not.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "render/encode_pool.hpp"
#include "render/png_writer.hpp"
#include "support/test_support.hpp"

namespace cerebro::render {
namespace {

std::vector<uint8_t> pattern_image(int w, int h, int colours) {
  std::vector<uint8_t> rgb(static_cast<size_t>(w * h * 3));
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const int c = (x / 3 + y * 7) % colours;
      uint8_t* p = &rgb[static_cast<size_t>((y * w + x) * 3)];
      p[0] = static_cast<uint8_t>(c);
      p[1] = static_cast<uint8_t>(255 - c);
      p[2] = static_cast<uint8_t>(c * 37 % 256 + (c >= 256 ? 1 : 0));
    }
  }
  return rgb;
}

void expect_round_trip(const std::vector<uint8_t>& rgb, int w, int h, const PngOptions& options) {
  testing::TempDir dir;
  write_file(dir / "a.png", encode_png(rgb, w, h, PixelLayout::Rgb8, options));
  const RgbImage back = read_png(dir / "a.png");
  EXPECT_EQ(back.width, w);
  EXPECT_EQ(back.height, h);
  EXPECT_EQ(back.rgb, rgb);
}

TEST(Png, FewColoursGoThroughAPaletteUnchanged) {
  const auto rgb = pattern_image(123, 45, 200);
  expect_round_trip(rgb, 123, 45, {});
  const auto indexed = encode_png(rgb, 123, 45);
  const auto truecolour = encode_png(rgb, 123, 45, PixelLayout::Rgb8, {1, false});
  EXPECT_EQ(indexed[25], 3);     // IHDR colour type: indexed
  EXPECT_EQ(truecolour[25], 2);  // truecolour
}

TEST(Png, RgbaInputDropsAlpha) {
  const auto rgb = pattern_image(50, 20, 300);
  std::vector<uint8_t> rgba;
  for (size_t i = 0; i < rgb.size(); i += 3) rgba.insert(rgba.end(), {rgb[i], rgb[i + 1], rgb[i + 2], 17});
  EXPECT_EQ(rgba_to_rgb(rgba), rgb);
  for (const bool indexed : {true, false}) {
    testing::TempDir dir;
    write_file(dir / "a.png", encode_png(rgba, 50, 20, PixelLayout::Rgba8, {1, indexed}));
    EXPECT_EQ(read_png(dir / "a.png").rgb, rgb);
  }
}

TEST(Png, ManyColoursStayTruecolour) {
  std::vector<uint8_t> rgb(64 * 64 * 3);  // 4096 distinct colours
  for (size_t k = 0; k < 64 * 64; ++k) {
    rgb[3 * k] = static_cast<uint8_t>(k & 255);
    rgb[3 * k + 1] = static_cast<uint8_t>(k >> 8);
    rgb[3 * k + 2] = static_cast<uint8_t>(k * 31 & 255);
  }
  expect_round_trip(rgb, 64, 64, {});
  EXPECT_EQ(encode_png(rgb, 64, 64)[25], 2);
  expect_round_trip(rgb, 64, 64, {6, true});
}

TEST(Png, PoolWritesEveryPageAndReportsErrors) {
  testing::TempDir dir;
  {
    EncodePool pool(2);
    for (int i = 0; i < 9; ++i) {
      pool.submit(dir / (std::to_string(i) + ".png"), pattern_image(40, 30, 5 + i), 40, 30, PixelLayout::Rgb8);
    }
    pool.finish();
    EXPECT_EQ(pool.written(), 9);
  }
  for (int i = 0; i < 9; ++i) EXPECT_EQ(read_png(dir / (std::to_string(i) + ".png")).rgb, pattern_image(40, 30, 5 + i));
  EncodePool failing(1);
  failing.submit(dir / "no" / "such" / "folder.png", pattern_image(4, 4, 2), 4, 4, PixelLayout::Rgb8);
  EXPECT_THROW(failing.finish(), Error);
}

}  // namespace
}  // namespace cerebro::render
