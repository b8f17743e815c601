// Convolution and pooling geometry against hand-computed closed forms: TensorFlow's 'same'
// padding puts the odd cell after (bottom/right), and average pooling with 'same' padding
// divides by the number of real cells only.
#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"
#include "layer_test_util.hpp"
#include "model/layers/window.hpp"

namespace cerebro::model {
namespace {

using testing::make;
using testing::run;
using nlohmann::json;

// window_axis(in, kernel, stride, dilation, padding) has `out` cells and `pad_before` padding cells.
void expect_axis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, Padding padding, int64_t out,
                 int64_t pad_before) {
  SCOPED_TRACE(::testing::Message() << "in " << in << ", kernel " << kernel << ", stride " << stride << ", dilation "
                                    << dilation);
  const WindowAxis axis = window_axis(in, kernel, stride, dilation, padding, "c");
  EXPECT_EQ(axis.out, out);
  EXPECT_EQ(axis.pad_before, pad_before);
}

TEST(Window, SamePaddingPutsTheExtraCellAfter) {
  // in 7, kernel 4, stride 2: 4 outputs, (4 - 1) * 2 + 4 - 7 = 3 padding cells: 1 before, 2 after.
  expect_axis(7, 4, 2, 1, Padding::Same, 4, 1);
  // in 11, kernel 2, stride 1: one padding cell, after.
  expect_axis(11, 2, 1, 1, Padding::Same, 11, 0);
  // Dilation 2 widens a 3-tap kernel to 5 cells: 4 padding cells, 2 before.
  expect_axis(9, 3, 1, 2, Padding::Same, 9, 2);
  // No padding needed: none before either.
  expect_axis(9, 3, 3, 1, Padding::Same, 3, 0);
}

TEST(Window, ValidAndCausal) {
  expect_axis(7, 3, 2, 1, Padding::Valid, 3, 0);
  expect_axis(10, 3, 1, 2, Padding::Causal, 10, 4);
  try {
    window_axis(2, 3, 1, 1, Padding::Valid, "m.h5: layer 'c' (Conv2D)");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    EXPECT_STREQ(error.what(), "m.h5: layer 'c' (Conv2D): a window of 3 cells does not fit an input of 2 with padding 'valid'");
  }
}

TEST(Conv, SameEvenKernelPadsOnTheRight) {
  // x = [1, 2, 3, 4], kernel [1, 10], 'same': the padding cell is after x3, so
  // y = [1 + 20, 2 + 30, 3 + 40, 4 + 0] (padding before would give [10, 21, 32, 43]).
  auto conv = make("Conv2D", {{"filters", 1}, {"kernel_size", {1, 2}}, {"padding", "same"}, {"use_bias", false}});
  EXPECT_EQ(run(*conv, {1, 4, 1}, {1, 2, 3, 4}, {{1, 10}}), (std::vector<float>{21, 32, 43, 4}));
}

TEST(Conv, SameStridedPadsOnTheRight) {
  // x = [1..5], kernel [1, 10, 100], stride 2: 3 outputs, (3 - 1) * 2 + 3 - 5 = 2 padding cells,
  // one each side: windows [0,1,2], [2,3,4], [4,5,0].
  auto conv = make("Conv1D", {{"filters", 1}, {"kernel_size", 3}, {"strides", 2}, {"padding", "same"}, {"use_bias", false}});
  EXPECT_EQ(run(*conv, {5, 1}, {1, 2, 3, 4, 5}, {{1, 10, 100}}), (std::vector<float>{210, 432, 54}));
  // x = [1..4], stride 2: 2 outputs, 1 padding cell, after: windows [1,2,3], [3,4,0].
  EXPECT_EQ(run(*conv, {4, 1}, {1, 2, 3, 4}, {{1, 10, 100}}), (std::vector<float>{321, 43}));
}

TEST(Conv, CausalPadsOnlyBefore) {
  auto conv = make("Conv1D", {{"filters", 1}, {"kernel_size", 2}, {"dilation_rate", 2}, {"padding", "causal"},
                              {"use_bias", false}});
  // y[t] = x[t - 2] + 10 x[t].
  EXPECT_EQ(run(*conv, {4, 1}, {1, 2, 3, 4}, {{1, 10}}), (std::vector<float>{10, 20, 31, 42}));
}

// A direct convolution in double precision, written from Keras' definition, for random cases.
std::vector<double> direct_conv(const std::vector<float>& x, int64_t h, int64_t w, int64_t c, const std::vector<float>& k,
                                int64_t kh, int64_t kw, int64_t filters, int64_t stride, int64_t dilation, int64_t groups,
                                bool same) {
  const WindowAxis ay = window_axis(h, kh, stride, dilation, same ? Padding::Same : Padding::Valid, "c");
  const WindowAxis ax = window_axis(w, kw, stride, dilation, same ? Padding::Same : Padding::Valid, "c");
  const int64_t cg = c / groups, fg = filters / groups;
  std::vector<double> y(static_cast<size_t>(ay.out * ax.out * filters), 0.0);
  for (int64_t oy = 0; oy < ay.out; ++oy)
    for (int64_t ox = 0; ox < ax.out; ++ox)
      for (int64_t f = 0; f < filters; ++f) {
        double sum = 0.0;
        const int64_t g = f / fg;
        for (int64_t i = 0; i < kh; ++i)
          for (int64_t j = 0; j < kw; ++j)
            for (int64_t ci = 0; ci < cg; ++ci) {
              const int64_t iy = oy * stride + i * dilation - ay.pad_before;
              const int64_t ix = ox * stride + j * dilation - ax.pad_before;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              sum += static_cast<double>(x[static_cast<size_t>((iy * w + ix) * c + g * cg + ci)]) *
                     k[static_cast<size_t>(((i * kw + j) * cg + ci) * filters + f)];
            }
        y[static_cast<size_t>((oy * ax.out + ox) * filters + f)] = sum;
      }
  return y;
}

TEST(Conv, MatchesADirectConvolutionForGroupsStridesAndDilation) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  struct Case { int64_t stride, dilation, groups; bool same; };
  for (const Case& t : {Case{1, 1, 1, true}, Case{2, 1, 2, true}, Case{1, 2, 3, false}, Case{3, 1, 6, true}}) {
    SCOPED_TRACE(::testing::Message() << t.stride << " " << t.dilation << " " << t.groups << " " << t.same);
    const int64_t h = 9, w = 8, c = 6, filters = 6, kh = 3, kw = 2;
    std::vector<float> x(static_cast<size_t>(2 * h * w * c)), k(static_cast<size_t>(kh * kw * (c / t.groups) * filters));
    for (float& v : x) v = dist(rng);
    for (float& v : k) v = dist(rng);
    auto conv = make("Conv2D", {{"filters", filters}, {"kernel_size", {kh, kw}}, {"strides", t.stride},
                                {"dilation_rate", t.dilation}, {"groups", t.groups},
                                {"padding", t.same ? "same" : "valid"}, {"use_bias", false}});
    const std::vector<float> y = run(*conv, {h, w, c}, x, {k}, 2);
    for (int64_t n = 0; n < 2; ++n) {
      const std::vector<float> one(x.begin() + n * h * w * c, x.begin() + (n + 1) * h * w * c);
      const std::vector<double> expected = direct_conv(one, h, w, c, k, kh, kw, filters, t.stride, t.dilation, t.groups, t.same);
      ASSERT_EQ(y.size(), 2 * expected.size());
      for (size_t i = 0; i < expected.size(); ++i) EXPECT_NEAR(y[n * expected.size() + i], expected[i], 1e-5) << i;
    }
  }
}

TEST(DepthwiseConv2D, OutputChannelIsChannelTimesMultiplierPlusM) {
  // One pixel, two channels, 1x1 kernel, multiplier 2: y = [x0 k00, x0 k01, x1 k10, x1 k11] + bias.
  auto dw = make("DepthwiseConv2D", {{"kernel_size", 1}, {"depth_multiplier", 2}});
  EXPECT_EQ(run(*dw, {1, 1, 2}, {2, 3}, {{1, 10, 100, 1000}, {0.5f, 0, 0, 0}}),
            (std::vector<float>{2.5f, 20, 300, 3000}));
}

TEST(AveragePooling, SamePaddingAveragesRealCellsOnly) {
  // Rows [1, 2, 3], pool 2 stride 1 'same': the last window covers 3 and one padding cell -> 3.
  auto pool1 = make("AveragePooling1D", {{"pool_size", 2}, {"strides", 1}, {"padding", "same"}});
  EXPECT_EQ(run(*pool1, {3, 1}, {1, 2, 3}), (std::vector<float>{1.5f, 2.5f, 3.0f}));
  // 3x3 grid 1..9, pool 2 stride 2 'same': 2x2 outputs, padding after; the windows hold
  // {1,2,4,5}, {3,6}, {7,8}, {9}.
  auto pool2 = make("AveragePooling2D", {{"pool_size", 2}, {"strides", 2}, {"padding", "same"}});
  EXPECT_EQ(run(*pool2, {3, 3, 1}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), (std::vector<float>{3.0f, 4.5f, 7.5f, 9.0f}));
}

TEST(MaxPooling, PaddingNeverWins) {
  auto pool = make("MaxPooling1D", {{"pool_size", 2}, {"strides", 1}, {"padding", "same"}});
  EXPECT_EQ(run(*pool, {3, 1}, {-1, -2, -3}), (std::vector<float>{-1, -2, -3}));
}

TEST(UpSampling2D, BilinearUsesHalfPixelCentres) {
  // tf.image.resize of [0, 1] to 4 cells samples at (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25,
  // clamped at the borders: [0, 0.25, 0.75, 1].
  auto up = make("UpSampling2D", {{"size", {1, 2}}, {"interpolation", "bilinear"}});
  EXPECT_EQ(run(*up, {1, 2, 1}, {0, 1}), (std::vector<float>{0.0f, 0.25f, 0.75f, 1.0f}));
  auto nearest = make("UpSampling2D", {{"size", {2, 1}}});
  EXPECT_EQ(run(*nearest, {1, 2, 1}, {5, 6}), (std::vector<float>{5, 6, 5, 6}));
}

TEST(RandomCrop, InferenceIsSmartResize) {
  // 4x4 to 2x2: the window with the target's aspect ratio is the whole image, resized: each
  // output samples the centre of a 2x2 block (half-pixel centres at 0.5 and 2.5).
  auto crop = make("RandomCrop", {{"height", 2}, {"width", 2}});
  std::vector<float> x(16);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
  EXPECT_EQ(run(*crop, {4, 4, 1}, x), (std::vector<float>{2.5f, 4.5f, 10.5f, 12.5f}));
  // 4x6 to 4x3: the window has the target's size (width int(4 * 3 / 4) = 3, starting at
  // int((6 - 3) / 2) = 1), so the result is the centre crop, columns 1..3.
  auto centre = make("RandomCrop", {{"height", 4}, {"width", 3}});
  std::vector<float> wide(24);
  for (size_t i = 0; i < wide.size(); ++i) wide[i] = static_cast<float>(i);
  EXPECT_EQ(run(*centre, {4, 6, 1}, wide), (std::vector<float>{1, 2, 3, 7, 8, 9, 13, 14, 15, 19, 20, 21}));
}

}  // namespace
}  // namespace cerebro::model
