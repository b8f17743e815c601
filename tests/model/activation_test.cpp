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

// Values from the definitions (Keras docs), computed here in double precision.
TEST(Activation, KerasActivationsMatchTheirDefinitions) {
  const double selu_alpha = 1.6732632423543772, selu_scale = 1.0507009873554805;
  struct Case {
    const char* name;
    double (*f)(double);
  };
  const Case cases[] = {
      {"elu", [](double x) { return x > 0 ? x : std::exp(x) - 1; }},
      {"softplus", [](double x) { return std::log(1 + std::exp(x)); }},
      {"softsign", [](double x) { return x / (1 + std::abs(x)); }},
      {"swish", [](double x) { return x / (1 + std::exp(-x)); }},
      {"silu", [](double x) { return x / (1 + std::exp(-x)); }},
      {"gelu", [](double x) { return 0.5 * x * std::erfc(-x / std::sqrt(2.0)); }},
      {"relu6", [](double x) { return std::min(std::max(x, 0.0), 6.0); }},
      {"exponential", [](double x) { return std::exp(x); }},
      {"mish", [](double x) { return x * std::tanh(std::log(1 + std::exp(x))); }},
      {"leaky_relu", [](double x) { return x > 0 ? x : 0.2 * x; }},
      {"hard_silu", [](double x) { return x * std::min(std::max(x + 3, 0.0), 6.0) / 6; }},
      {"hard_swish", [](double x) { return x * std::min(std::max(x + 3, 0.0), 6.0) / 6; }},
  };
  const std::vector<float> inputs{-7.0f, -3.5f, -1.0f, -0.25f, 0.0f, 0.25f, 1.0f, 3.5f, 7.0f};
  for (const Case& c : cases) {
    std::vector<float> values = inputs;
    apply_activation(parse_activation(c.name, "ctx"), values.data(), static_cast<int64_t>(values.size()), 1);
    for (size_t i = 0; i < inputs.size(); ++i) {
      const double expected = c.f(inputs[i]);
      EXPECT_NEAR(values[i], expected, 2e-7 * std::max(1.0, std::abs(expected))) << c.name << " at " << inputs[i];
    }
  }
  std::vector<float> selu{-1.0f, 2.0f};
  apply_activation(parse_activation("selu", "ctx"), selu.data(), 2, 1);
  EXPECT_NEAR(selu[0], selu_scale * selu_alpha * (std::exp(-1.0) - 1), 1e-6);
  EXPECT_NEAR(selu[1], selu_scale * 2, 1e-6);
  // gelu(1) = Phi(1) = 0.8413447460685429 (the normal CDF), tanh form 0.8411919906082768.
  std::vector<float> gelu{1.0f, 1.0f};
  apply_activation(Activation::Gelu, gelu.data(), 1, 1);
  apply_activation(Activation::GeluTanh, gelu.data() + 1, 1, 1);
  EXPECT_NEAR(gelu[0], 0.8413447460685429, 1e-7);
  EXPECT_NEAR(gelu[1], 0.8411919906082768, 1e-7);
}

TEST(Activation, HardSigmoidDependsOnTheKerasGeneration) {
  // Keras 2 / tf.keras: clip(0.2 x + 0.5, 0, 1); Keras 3: clip(x / 6 + 0.5, 0, 1).
  const std::vector<float> inputs{-4.0f, -2.6f, -1.0f, 0.0f, 1.0f, 2.6f, 4.0f};
  const std::vector<double> keras2{0.0, 0.0, 0.3, 0.5, 0.7, 1.0, 1.0};
  const std::vector<double> keras3{0.0, 0.4 / 6, 2.0 / 6, 0.5, 4.0 / 6, 5.6 / 6, 1.0};
  std::vector<float> v2 = inputs, v3 = inputs;
  apply_activation(parse_activation("hard_sigmoid", "ctx", 2), v2.data(), static_cast<int64_t>(v2.size()), 1);
  apply_activation(parse_activation("hard_sigmoid", "ctx", 3), v3.data(), static_cast<int64_t>(v3.size()), 1);
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_NEAR(v2[i], keras2[i], 1e-7) << inputs[i];
    EXPECT_NEAR(v3[i], keras3[i], 1e-7) << inputs[i];
  }
  EXPECT_EQ(activation_name(parse_activation("hard_sigmoid", "ctx", 3)), "hard_sigmoid");
}

TEST(Activation, LogSoftmaxAndSoftmaxOverAnInnerAxis) {
  std::vector<float> values{1.0f, 2.0f, 3.0f};
  apply_activation(Activation::LogSoftmax, values.data(), 3, 3);
  const double log_sum = std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0));
  EXPECT_NEAR(values[0], 1.0 - log_sum, 1e-6);
  EXPECT_NEAR(values[2], 3.0 - log_sum, 1e-6);
  // A (2, 2) block, softmax over the first axis: columns [0, 1] and [0, 2].
  std::vector<float> block{0.0f, 0.0f, 1.0f, 2.0f};
  softmax_axis(block.data(), 1, 2, 2);
  EXPECT_NEAR(block[0], 1.0 / (1.0 + std::exp(1.0)), 1e-7);
  EXPECT_NEAR(block[2], std::exp(1.0) / (1.0 + std::exp(1.0)), 1e-7);
  EXPECT_NEAR(block[1], 1.0 / (1.0 + std::exp(2.0)), 1e-7);
  EXPECT_NEAR(block[3], std::exp(2.0) / (1.0 + std::exp(2.0)), 1e-7);
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
    parse_activation("celu", "model.h5: layer 'd1' (Dense)");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Unsupported);
    EXPECT_STREQ(error.what(), "model.h5: layer 'd1' (Dense): activation 'celu' is not supported");
  }
}

}  // namespace
}  // namespace cerebro::model
