#include "model/activation.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {
namespace {

struct NamedActivation {
  std::string_view name;
  Activation activation;
};

// Names as Keras serialises them. tf.keras writes "swish" for silu; Keras 3 writes "silu" and
// accepts "swish"; "hard_swish" is Keras 3's alias of "hard_silu". hard_sigmoid is resolved by
// generation in parse_activation.
constexpr NamedActivation kActivations[] = {
    {"linear", Activation::Linear},
    {"relu", Activation::Relu},
    {"sigmoid", Activation::Sigmoid},
    {"tanh", Activation::Tanh},
    {"softmax", Activation::Softmax},
    {"log_softmax", Activation::LogSoftmax},
    {"elu", Activation::Elu},
    {"selu", Activation::Selu},
    {"softplus", Activation::Softplus},
    {"softsign", Activation::Softsign},
    {"swish", Activation::Swish},
    {"silu", Activation::Swish},
    {"gelu", Activation::Gelu},
    {"relu6", Activation::Relu6},
    {"leaky_relu", Activation::LeakyRelu},
    {"exponential", Activation::Exponential},
    {"hard_silu", Activation::HardSilu},
    {"hard_swish", Activation::HardSilu},
    {"mish", Activation::Mish},
};

// The names activation_name() gives back for the variants that share a Keras name.
constexpr NamedActivation kVariantNames[] = {
    {"gelu", Activation::GeluTanh},
    {"hard_sigmoid", Activation::HardSigmoid2},
    {"hard_sigmoid", Activation::HardSigmoid3},
};

void softmax_rows(float* values, int64_t count, int64_t row, bool log) {
  for (int64_t start = 0; start + row <= count; start += row) {
    float* x = values + start;
    const float peak = *std::max_element(x, x + row);  // subtracting the max keeps exp finite
    double sum = 0.0;
    for (int64_t i = 0; i < row; ++i) sum += std::exp(static_cast<double>(x[i] - peak));
    if (log) {
      const auto log_sum = static_cast<float>(std::log(sum));
      for (int64_t i = 0; i < row; ++i) x[i] = x[i] - peak - log_sum;
    } else {
      for (int64_t i = 0; i < row; ++i) x[i] = static_cast<float>(std::exp(static_cast<double>(x[i] - peak)) / sum);
    }
  }
}

// log(1 + e^x) without overflow for large x or precision loss for very negative x.
double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::abs(x))); }

double relu6(double x) { return std::min(std::max(x, 0.0), 6.0); }

double apply_one(Activation activation, double x) {
  constexpr double kSeluAlpha = 1.6732632423543772848170429916717;  // Klambauer et al. 2017
  constexpr double kSeluScale = 1.0507009873554804934193349852946;
  constexpr double kSqrt2OverPi = 0.7978845608028654;
  switch (activation) {
    case Activation::Relu: return std::max(x, 0.0);
    case Activation::Sigmoid: return 1.0 / (1.0 + std::exp(-x));
    case Activation::Tanh: return std::tanh(x);
    case Activation::Elu: return x > 0.0 ? x : std::expm1(x);
    case Activation::Selu: return kSeluScale * (x > 0.0 ? x : kSeluAlpha * std::expm1(x));
    case Activation::Softplus: return softplus(x);
    case Activation::Softsign: return x / (1.0 + std::abs(x));
    case Activation::Swish: return x / (1.0 + std::exp(-x));
    case Activation::Gelu: return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
    case Activation::GeluTanh: return 0.5 * x * (1.0 + std::tanh(kSqrt2OverPi * (x + 0.044715 * x * x * x)));
    case Activation::Relu6: return relu6(x);
    case Activation::LeakyRelu: return x >= 0.0 ? x : 0.2 * x;
    case Activation::Exponential: return std::exp(x);
    case Activation::HardSigmoid2: return std::clamp(0.2 * x + 0.5, 0.0, 1.0);
    case Activation::HardSigmoid3: return relu6(x + 3.0) / 6.0;
    case Activation::HardSilu: return x * relu6(x + 3.0) / 6.0;
    case Activation::Mish: return x * std::tanh(softplus(x));
    case Activation::Linear:
    case Activation::Softmax:
    case Activation::LogSoftmax: break;
  }
  return x;
}

}  // namespace

Activation parse_activation(std::string_view keras_name, const std::string& context, int keras_major) {
  // Keras 3 redefined hard_sigmoid as relu6(x + 3) / 6 (slope 1/6 instead of 0.2).
  if (keras_name == "hard_sigmoid") return keras_major >= 3 ? Activation::HardSigmoid3 : Activation::HardSigmoid2;
  for (const auto& named : kActivations) {
    if (named.name == keras_name) return named.activation;
  }
  throw_unsupported(context, "activation '" + std::string(keras_name) + "' is not supported");
}

Activation activation_from_config(const LayerConfig& config) {
  if (!config.has("activation")) return Activation::Linear;
  const auto& value = config.config.at("activation");
  if (!value.is_string()) {
    throw_unsupported(config.context(), "activation is not a built-in name (a custom activation?)");
  }
  const Activation activation = parse_activation(value.get<std::string>(), config.context(), config.keras_major);
  // Keras' gelu(x, approximate=False); a config that sets approximate picks the tanh form.
  if (activation == Activation::Gelu && config.get_bool("approximate", false)) return Activation::GeluTanh;
  return activation;
}

std::string_view activation_name(Activation activation) {
  for (const auto& named : kVariantNames) {
    if (named.activation == activation) return named.name;
  }
  for (const auto& named : kActivations) {
    if (named.activation == activation) return named.name;
  }
  return "?";
}

void apply_activation(Activation activation, float* values, int64_t count, int64_t last_axis) {
  switch (activation) {
    case Activation::Linear:
      return;
    case Activation::Relu:
      for (int64_t i = 0; i < count; ++i) values[i] = std::max(values[i], 0.0f);
      return;
    case Activation::Softmax:
    case Activation::LogSoftmax:
      softmax_rows(values, count, last_axis, activation == Activation::LogSoftmax);
      return;
    default:
      for (int64_t i = 0; i < count; ++i) values[i] = static_cast<float>(apply_one(activation, values[i]));
      return;
  }
}

void softmax_axis(float* values, int64_t outer, int64_t axis, int64_t inner) {
  if (inner == 1) {
    softmax_rows(values, outer * axis, axis, false);
    return;
  }
  std::vector<double> sums(static_cast<size_t>(inner));
  std::vector<float> peaks(static_cast<size_t>(inner));
  for (int64_t o = 0; o < outer; ++o) {
    float* block = values + o * axis * inner;
    std::copy_n(block, inner, peaks.begin());
    for (int64_t a = 1; a < axis; ++a) {
      for (int64_t i = 0; i < inner; ++i) peaks[static_cast<size_t>(i)] = std::max(peaks[static_cast<size_t>(i)], block[a * inner + i]);
    }
    std::fill(sums.begin(), sums.end(), 0.0);
    for (int64_t a = 0; a < axis; ++a) {
      for (int64_t i = 0; i < inner; ++i) {
        sums[static_cast<size_t>(i)] += std::exp(static_cast<double>(block[a * inner + i] - peaks[static_cast<size_t>(i)]));
      }
    }
    for (int64_t a = 0; a < axis; ++a) {
      for (int64_t i = 0; i < inner; ++i) {
        const auto k = static_cast<size_t>(i);
        block[a * inner + i] = static_cast<float>(std::exp(static_cast<double>(block[a * inner + i] - peaks[k])) / sums[k]);
      }
    }
  }
}

}  // namespace cerebro::model
