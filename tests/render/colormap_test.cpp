// Colormap tables and matplotlib's indexing rule.
#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"
#include "render/colormap.hpp"

namespace cerebro::render {
namespace {

TEST(Colormap, KnowsTheIssuesMapsWithViridisFirst) {
  const auto& names = colormap_names();
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names[0], "viridis");
  for (const char* name : {"magma", "inferno", "plasma", "cividis", "gray", "coolwarm"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

TEST(Colormap, TablesHoldMatplotlibsBytes) {
  // matplotlib's _cm_listed.py: viridis starts at (0.267004, 0.004874, 0.329415) and ends at
  // (0.993248, 0.906157, 0.143936); imshow truncates x * 255 to uint8.
  const auto viridis = colormap_table("viridis");
  EXPECT_EQ(viridis[0], (Rgb{68, 1, 84}));
  EXPECT_EQ(viridis[255], (Rgb{253, 231, 36}));
  // gray is a linear ramp from black to white: entry i is i / 255 in float, times 255 and
  // truncated, so i or (rounding below) i - 1; grey all along.
  const auto gray = colormap_table("gray");
  EXPECT_EQ(gray[0], (Rgb{0, 0, 0}));
  EXPECT_EQ(gray[255], (Rgb{255, 255, 255}));
  for (int i = 0; i < 256; ++i) {
    const Rgb& entry = gray[static_cast<size_t>(i)];
    EXPECT_TRUE(entry[0] == i || entry[0] == i - 1) << i;
    EXPECT_EQ(entry[0], entry[1]) << i;
    EXPECT_EQ(entry[0], entry[2]) << i;
  }
  // The perceptual maps are 256 distinct floats; truncated to bytes a few neighbours coincide,
  // but a table is never a short list stretched.
  for (const char* name : {"viridis", "magma", "inferno", "plasma", "cividis"}) {
    const auto table = colormap_table(name);
    EXPECT_GE(std::set<Rgb>(table.begin(), table.end()).size(), 250u) << name;
  }
}

TEST(Colormap, NonFiniteColoursAreInNoTable) {
  for (const std::string& name : colormap_names()) {
    const auto table = colormap_table(name);
    for (const Rgb& special : {kNanColor, kPosInfColor, kNegInfColor}) {
      EXPECT_EQ(std::find(table.begin(), table.end(), special), table.end()) << name;
    }
  }
}

TEST(Colormap, IndexIsFloorOfT256ClampedAsMatplotlib) {
  EXPECT_EQ(colormap_index(-0.5), 0);
  EXPECT_EQ(colormap_index(0.0), 0);
  EXPECT_EQ(colormap_index(0.999 / 256), 0);
  EXPECT_EQ(colormap_index(1.0 / 256), 1);
  EXPECT_EQ(colormap_index(0.5), 128);
  EXPECT_EQ(colormap_index(255.5 / 256), 255);
  EXPECT_EQ(colormap_index(1.0), 255);  // matplotlib: xa[xa == N] = N - 1
  EXPECT_EQ(colormap_index(7.0), 255);
}

TEST(Colormap, UnknownNameIsABadInputListingTheNames) {
  try {
    colormap_table("jet");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
    EXPECT_NE(std::string(e.what()).find("viridis"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cerebro::render
