// Conversions from stored patterns to the model input, against closed forms and TensorFlow.
#include "patterns/conversion.hpp"

#include <gtest/gtest.h>

#include "patterns/pattern_test_util.hpp"

namespace cerebro::patterns {
namespace {

using test::contains;
using test::error_of;

std::vector<float> apply(const Shape& from, float max, const Shape& to, const PatternOptions& options,
                         const std::vector<float>& raw) {
  const std::optional<Converter> converter = Converter::fit(from, max, to, options);
  EXPECT_TRUE(converter.has_value());
  std::vector<float> out(static_cast<size_t>(element_count(to)));
  if (converter) converter->apply(raw.data(), out.data());
  return out;
}

TEST(Resize, UpscalingALinearRampIsExactWithHalfPixelCentres) {
  // v(y, x) = 2y + x is linear, so bilinear sampling returns it exactly at the sample positions:
  // output i of 4 from 2 samples input (i + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to [0, 1].
  const float input[] = {0, 1, 2, 3};
  float output[16];
  resize_bilinear(input, 2, 2, 1, output, 4, 4);
  const float at[] = {0.0f, 0.25f, 0.75f, 1.0f};
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 4; ++x) EXPECT_FLOAT_EQ(output[y * 4 + x], 2 * at[y] + at[x]) << y << "," << x;
  }
}

TEST(Resize, HalvingAveragesPairsOfSamples) {
  // Output i of 2 from 4 samples input (i + 0.5) * 2 - 0.5 = 0.5, 2.5: the mean of two neighbours.
  float input[32];
  for (int i = 0; i < 16; ++i) input[2 * i] = static_cast<float>(i), input[2 * i + 1] = static_cast<float>(100 - i);
  float output[8];
  resize_bilinear(input, 4, 4, 2, output, 2, 2);
  const float at[] = {0.5f, 2.5f};
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 2; ++x) {
      EXPECT_FLOAT_EQ(output[(y * 2 + x) * 2], 4 * at[y] + at[x]);
      EXPECT_FLOAT_EQ(output[(y * 2 + x) * 2 + 1], 100 - (4 * at[y] + at[x]));
    }
  }
}

TEST(Resize, MatchesTensorFlowsBilinearResize) {
  const auto file = cerebro::testing::fixture("patterns/resize_tf.npz");
  const io::NpyArray source = io::read_npz_array(file, "source");
  const std::vector<float> input(source.values.begin(), source.values.end());
  for (const auto& [h, w] : {std::pair{3, 4}, std::pair{9, 11}, std::pair{5, 2}}) {
    SCOPED_TRACE(std::to_string(h) + "x" + std::to_string(w));
    const io::NpyArray tf = io::read_npz_array(file, std::to_string(h) + "x" + std::to_string(w));
    std::vector<float> output(static_cast<size_t>(h * w * 3));
    resize_bilinear(input.data(), 5, 7, 3, output.data(), h, w);
    ASSERT_EQ(output.size(), tf.values.size());
    for (size_t i = 0; i < output.size(); ++i) ASSERT_NEAR(output[i], tf.values[i], 1e-6) << "value " << i;
  }
}

TEST(Conversion, DefaultDividesByTheStoredMaximum) {
  const std::vector<float> out = apply({2, 2}, 255.0f, {2, 2}, {}, {0, 51, 255, 128});
  EXPECT_EQ(out, (std::vector<float>{0.0f, 51.0f / 255.0f, 1.0f, 128.0f / 255.0f}));
}

TEST(Conversion, ScaleThenInvertThenPerChannelMeanAndStd) {
  PatternOptions options;
  options.scale = 0.5;
  options.invert = true;
  options.mean = {0.1, 0.2, 0.3};
  options.std = {2, 4, 8};
  const std::vector<float> raw{0, 1, 2, 0.5f, 1.5f, 1};
  const std::vector<float> out = apply({1, 2, 3}, 255.0f, {1, 2, 3}, options, raw);
  for (size_t i = 0; i < raw.size(); ++i) {
    const double expected = ((1.0 - raw[i] * 0.5) - options.mean[i % 3]) / options.std[i % 3];
    EXPECT_NEAR(out[i], expected, 1e-7) << i;
  }
}

TEST(Conversion, InvertMatchesTheEn10DigitsRecipe) {
  // ../shared/fixtures: "invert (1 - gray/255)" before feeding MNIST models.
  PatternOptions options;
  options.invert = true;
  EXPECT_EQ(apply({1, 3}, 255.0f, {1, 3}, options, {0, 255, 51}),
            (std::vector<float>{1.0f, 0.0f, 1.0f - 51.0f / 255.0f}));
}

TEST(Conversion, GrayToRgbCopiesAndRgbToGrayTakesLuma) {
  EXPECT_EQ(apply({1, 2}, 1.0f, {1, 2, 3}, {}, {0.25f, 0.5f}),
            (std::vector<float>{0.25f, 0.25f, 0.25f, 0.5f, 0.5f, 0.5f}));
  const std::vector<float> gray = apply({1, 1, 3}, 1.0f, {1, 1}, {}, {1.0f, 0.5f, 0.25f});
  EXPECT_NEAR(gray[0], 0.299 + 0.587 * 0.5 + 0.114 * 0.25, 1e-7);
}

TEST(Conversion, ResizeOnlyWhenAsked) {
  EXPECT_FALSE(Converter::fit({2, 2}, 1.0f, {4, 4}, {}).has_value());
  PatternOptions options;
  options.resize = true;
  const std::optional<Converter> converter = Converter::fit({2, 2}, 1.0f, {4, 4, 3}, options);
  ASSERT_TRUE(converter.has_value());
  EXPECT_TRUE(converter->resizes());
  EXPECT_EQ(converter->resize_text(), "2x2 to 4x4");
  EXPECT_FALSE(Converter::fit({2, 2, 4}, 1.0f, {2, 2, 3}, options).has_value());  // 4 channels are no image
  EXPECT_FALSE(Converter::fit({2, 3}, 1.0f, {5}, options).has_value());           // 6 values into 5
}

TEST(Conversion, BadMeanOrStdIsBadInputNamingTheOption) {
  PatternOptions two;
  two.mean = {0.1, 0.2};
  const Error mean = error_of([&] { validate_options(two, {4, 4, 3}); });
  EXPECT_EQ(mean.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(mean.what(), "--mean: has 2 values")) << mean.what();
  PatternOptions zero;
  zero.std = {0};
  EXPECT_TRUE(contains(error_of([&] { validate_options(zero, {4}); }).what(), "--std"));
}

TEST(Conversion, RandomPatternsTakeValueOptionsToo) {
  PatternOptions options;
  options.invert = true;
  auto plain = open_patterns("random:2:5", {6});
  auto inverted = open_patterns("random:2:5", {6}, options);
  const std::vector<float> a = test::read_all(*plain);
  const std::vector<float> b = test::read_all(*inverted);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(b[i], 1.0f - a[i]);
}

}  // namespace
}  // namespace cerebro::patterns
