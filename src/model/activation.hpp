#pragma once
// Element-wise activations and softmax, as Keras defines them.
#include <cstdint>
#include <string>
#include <string_view>

namespace cerebro::model {

struct LayerConfig;

enum class Activation { Linear, Relu, Sigmoid, Tanh, Softmax };

// Reads the layer's "activation" key (absent means linear). An unknown name is an Unsupported
// error naming the layer and the activation.
Activation activation_from_config(const LayerConfig& config);
Activation parse_activation(std::string_view keras_name, const std::string& context);
std::string_view activation_name(Activation activation);

// Applies in place to `count` values; softmax runs over consecutive groups of `last_axis` values
// (Keras' softmax is over the last axis, whatever the rank).
void apply_activation(Activation activation, float* values, int64_t count, int64_t last_axis);

}  // namespace cerebro::model
