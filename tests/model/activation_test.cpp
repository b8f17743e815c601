// Activations against their closed forms, computed here in double precision.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "model/activation.hpp"

namespace cerebro::model {
namespace {

const std::vector<float> kInputs{-20.0f, -3.5f, -1.0f, -0.25f, 0.0f, 0.25f, 1.0f, 3.5f, 20.0f};

std::vector<float> applied(Activation activation) {
  std::vector<float> values = kInputs;
  apply_activation(activation, values.data(), static_cast<int64_t>(values.size()), 1);
  return values;
}

TEST(Activation, ElementwiseMatchClosedForms) {
  const auto relu = applied(Activation::Relu);
  const auto sigmoid = applied(Activation::Sigmoid);
  const auto tanh = applied(Activation::Tanh);
  const auto linear = applied(Activation::Linear);
  for (size_t i = 0; i < kInputs.size(); ++i) {
    const double x = kInputs[i];
    EXPECT_EQ(relu[i], static_cast<float>(std::max(x, 0.0)));
    EXPECT_NEAR(sigmoid[i], 1.0 / (1.0 + std::exp(-x)), 1e-7);
    EXPECT_NEAR(tanh[i], std::tanh(x), 1e-7);
    EXPECT_EQ(linear[i], kInputs[i]);
  }
}

TEST(Activation, SoftmaxIsOverTheLastAxisAndStable) {
  // Two rows of three; the second has values that overflow exp() unless the max is subtracted.
  std::vector<float> values{1.0f, 2.0f, 3.0f, 1000.0f, 1000.0f, 999.0f};
  apply_activation(Activation::Softmax, values.data(), 6, 3);
  const double e1 = std::exp(1.0), e2 = std::exp(2.0), e3 = std::exp(3.0);
  EXPECT_NEAR(values[0], e1 / (e1 + e2 + e3), 1e-7);
  EXPECT_NEAR(values[2], e3 / (e1 + e2 + e3), 1e-7);
  const double big = 1.0 / (2.0 + std::exp(-1.0));
  EXPECT_NEAR(values[3], big, 1e-7);
  EXPECT_NEAR(values[5], big * std::exp(-1.0), 1e-7);
}

TEST(Activation, UnknownNameIsUnsupportedAndNamesIt) {
  try {
    parse_activation("mish", "model.h5: layer 'd1' (Dense)");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Unsupported);
    EXPECT_STREQ(error.what(), "model.h5: layer 'd1' (Dense): activation 'mish' is not supported");
  }
}

}  // namespace
}  // namespace cerebro::model
