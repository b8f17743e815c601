// Pattern sources: indexable, streamed, and strict about shapes.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "patterns/pattern_source.hpp"
#include "support/reference.hpp"
#include "support/test_support.hpp"

namespace cerebro::patterns {
namespace {

TEST(RandomPatterns, AnyPatternCanBeReadOnItsOwn) {
  auto source = open_patterns("random:10:3", Shape{4, 5});
  ASSERT_EQ(source->count(), 10);
  std::vector<float> all(10 * 20), two(2 * 20);
  source->read(0, 10, all.data());
  source->read(6, 2, two.data());
  EXPECT_TRUE(std::equal(two.begin(), two.end(), all.begin() + 6 * 20));
  EXPECT_EQ(source->describe(), "random:10:3");
}

TEST(RandomPatterns, SeedsDifferAndDefaultsAreOnePatternSeedZero) {
  auto a = open_patterns("random", Shape{8});
  auto b = open_patterns("random:1:1", Shape{8});
  EXPECT_EQ(a->count(), 1);
  EXPECT_EQ(a->describe(), "random:1:0");
  std::vector<float> va(8), vb(8);
  a->read(0, 1, va.data());
  b->read(0, 1, vb.data());
  EXPECT_NE(va, vb);
}

TEST(RandomPatterns, MalformedSpecsAreBadInput) {
  for (const char* spec : {"random:", "random:0", "random:x", "random:3:", "random:3:y", "randomly"}) {
    SCOPED_TRACE(spec);
    try {
      open_patterns(spec, Shape{2});
      FAIL() << "expected an error";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    }
  }
}

TEST(NpyPatterns, BatchedFileMatchesNumpysValues) {
  // Written by NumPy (tools/make_fixtures.py): three (50, 50) float32 patterns.
  const auto path = cerebro::testing::fixture("ref/article_tfkeras.h5.input.npy");
  const auto reference = cerebro::testing::load_reference(cerebro::testing::fixture("ref"), "article_tfkeras.h5");
  auto source = open_patterns(path.string(), Shape{50, 50});
  ASSERT_EQ(source->count(), 3);
  std::vector<float> second(2500);
  source->read(1, 1, second.data());
  for (size_t i = 0; i < second.size(); ++i) ASSERT_EQ(second[i], static_cast<float>(reference.input.values[2500 + i]));
}

TEST(NpyPatterns, SinglePatternWithoutBatchAxis) {
  // The shared fixtures hold one (28, 28) pattern without a batch axis.
  auto source = open_patterns(cerebro::testing::shared_fixture("keras/ref/k2.0.4_simple_EN10.h5.input.npy").string(),
                              Shape{28, 28});
  EXPECT_EQ(source->count(), 1);
}

TEST(NpyPatterns, ShapeMismatchNamesBothShapes) {
  const auto path = cerebro::testing::fixture("ref/article_tfkeras.h5.input.npy").string();
  try {
    open_patterns(path, Shape{28, 28});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    EXPECT_NE(std::string(error.what()).find("(3, 50, 50)"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("(28, 28)"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace cerebro::patterns
