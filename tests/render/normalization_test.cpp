// --norm parsing and the range each mode gives a cell.
#include <gtest/gtest.h>

#include <cmath>

#include "compute/publish.hpp"
#include "core/error.hpp"
#include "render/normalization.hpp"

namespace cerebro::render {
namespace {

ValueStats stats(float lo, float hi) {
  ValueStats s;
  s.min = lo;
  s.max = hi;
  s.finite = 10;
  return s;
}

TEST(Norm, ParsesEveryModeAndRoundTrips) {
  for (const char* text : {"map", "layer", "set", "symmetric", "percentile:1,99", "percentile:5,95", "fixed:-1,2.5"}) {
    EXPECT_EQ(norm_text(parse_norm(text)), text);
  }
  const NormSpec p = parse_norm("percentile");
  EXPECT_EQ(p.mode, NormMode::Percentile);
  EXPECT_EQ(p.p_lo, 1.0);
  EXPECT_EQ(p.p_hi, 99.0);
  const NormSpec f = parse_norm("fixed:0,0.5");
  EXPECT_EQ(f.lo, 0.0);
  EXPECT_EQ(f.hi, 0.5);
}

TEST(Norm, RejectsWhatItCannotUse) {
  for (const char* text : {"", "auto", "fixed", "fixed:1", "fixed:2,1", "fixed:a,b", "percentile:50,10",
                           "percentile:0,101", "map:1,2", "fixed:0,inf"}) {
    try {
      parse_norm(text);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::BadInput) << text;
      EXPECT_EQ(e.context(), "--norm") << text;
    }
  }
}

TEST(Norm, EachModeGivesItsRange) {
  const ValueStats cell = stats(-2.0f, 5.0f);
  const ValueStats group = stats(-7.0f, 9.0f);
  auto range = [&](const char* mode) { return cell_range(parse_norm(mode), cell, group); };
  EXPECT_EQ(range("map").lo, -2.0f);
  EXPECT_EQ(range("map").hi, 5.0f);
  EXPECT_EQ(range("layer").lo, -7.0f);
  EXPECT_EQ(range("set").hi, 9.0f);
  EXPECT_EQ(range("symmetric").lo, -5.0f);
  EXPECT_EQ(range("symmetric").hi, 5.0f);
  EXPECT_EQ(range("fixed:0,1").lo, 0.0f);
  EXPECT_EQ(range("fixed:0,1").hi, 1.0f);
}

TEST(Norm, PercentilesFollowNumpysLinearRule) {
  // np.percentile(np.arange(1, 11), [1, 99]) == [1.09, 9.91]
  std::vector<float> values{10, 3, 7, 1, 5, 2, 9, 4, 8, 6, NAN, INFINITY};
  const ValueStats s = compute::value_stats(values, std::pair{1.0, 99.0});
  ASSERT_TRUE(s.percentiles.has_value());
  EXPECT_FLOAT_EQ(s.percentiles->first, 1.09f);
  EXPECT_FLOAT_EQ(s.percentiles->second, 9.91f);
  const Range r = cell_range(parse_norm("percentile"), s, {});
  EXPECT_FLOAT_EQ(r.lo, 1.09f);
  EXPECT_FLOAT_EQ(r.hi, 9.91f);
}

TEST(Norm, NoFiniteValueGivesAnEmptyRange) {
  ValueStats none;
  none.nan = 4;
  for (const char* mode : {"map", "layer", "symmetric", "percentile"}) {
    const Range r = cell_range(parse_norm(mode), none, none);
    EXPECT_EQ(r.lo, 0.0f) << mode;
    EXPECT_EQ(r.hi, 0.0f) << mode;
  }
}

TEST(Norm, MergedStatsCoverBothAndCountEverything) {
  ValueStats a = stats(1.0f, 2.0f);
  a.nan = 1;
  ValueStats b = stats(-3.0f, 0.0f);
  b.pos_inf = 2;
  const ValueStats m = merge_stats(a, b);
  EXPECT_EQ(m.min, -3.0f);
  EXPECT_EQ(m.max, 2.0f);
  EXPECT_EQ(m.finite, 20);
  EXPECT_EQ(m.nan, 1);
  EXPECT_EQ(m.pos_inf, 2);
  ValueStats empty;
  EXPECT_EQ(merge_stats(empty, b).min, -3.0f);  // a side without finite values adds no range
  EXPECT_EQ(merge_stats(b, empty).max, 0.0f);
}

}  // namespace
}  // namespace cerebro::render
