#include "model/activation.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {
namespace {

struct NamedActivation {
  std::string_view name;
  Activation activation;
};

constexpr NamedActivation kActivations[] = {
    {"linear", Activation::Linear}, {"relu", Activation::Relu},       {"sigmoid", Activation::Sigmoid},
    {"tanh", Activation::Tanh},     {"softmax", Activation::Softmax},
};

void softmax_rows(float* values, int64_t count, int64_t row) {
  for (int64_t start = 0; start + row <= count; start += row) {
    float* x = values + start;
    const float peak = *std::max_element(x, x + row);  // subtracting the max keeps exp finite
    float sum = 0.0f;
    for (int64_t i = 0; i < row; ++i) sum += (x[i] = std::exp(x[i] - peak));
    for (int64_t i = 0; i < row; ++i) x[i] /= sum;
  }
}

}  // namespace

Activation parse_activation(std::string_view keras_name, const std::string& context) {
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
  return parse_activation(value.get<std::string>(), config.context());
}

std::string_view activation_name(Activation activation) {
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
    case Activation::Sigmoid:
      for (int64_t i = 0; i < count; ++i) values[i] = 1.0f / (1.0f + std::exp(-values[i]));
      return;
    case Activation::Tanh:
      for (int64_t i = 0; i < count; ++i) values[i] = std::tanh(values[i]);
      return;
    case Activation::Softmax:
      softmax_rows(values, count, last_axis);
      return;
  }
}

}  // namespace cerebro::model
