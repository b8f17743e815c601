#pragma once
// Element-wise activations and softmax, as Keras defines them.
#include <cstdint>
#include <string>
#include <string_view>

namespace cerebro::model {

struct LayerConfig;

enum class Activation {
  Linear,
  Relu,
  Sigmoid,
  Tanh,
  Softmax,
  LogSoftmax,
  Elu,
  Selu,
  Softplus,
  Softsign,
  Swish,  // also Keras' "silu": x * sigmoid(x)
  Gelu,   // exact: x * Phi(x) with the normal CDF via erf
  GeluTanh,  // the tanh approximation (Keras' approximate=True)
  Relu6,
  LeakyRelu,  // the activation function's fixed slope 0.2 (the LeakyReLU layer has its own)
  Exponential,
  HardSigmoid2,  // Keras 2 / tf.keras: clip(0.2 x + 0.5, 0, 1)
  HardSigmoid3,  // Keras 3: clip(x / 6 + 0.5, 0, 1) = relu6(x + 3) / 6
  HardSilu,      // Keras 3 "hard_silu" / "hard_swish": x * relu6(x + 3) / 6
  Mish,
};

// Reads the layer's "activation" key (absent means linear). An unknown name is an Unsupported
// error naming the layer and the activation. The Keras generation picks hard_sigmoid's formula.
Activation activation_from_config(const LayerConfig& config);
Activation parse_activation(std::string_view keras_name, const std::string& context, int keras_major = 2);
std::string_view activation_name(Activation activation);

// Applies in place to `count` values; softmax and log_softmax run over consecutive groups of
// `last_axis` values (Keras' softmax is over the last axis, whatever the rank).
void apply_activation(Activation activation, float* values, int64_t count, int64_t last_axis);

// Softmax over one axis of `outer` x `axis` x `inner` values (C order), in place.
void softmax_axis(float* values, int64_t outer, int64_t axis, int64_t inner);

}  // namespace cerebro::model
