#include "model/layers/activation_layer.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace cerebro::model {

Shape ActivationLayer::infer_shape(std::span<const Shape> inputs) const {
  if (inputs.size() != 1 || inputs[0].empty()) {
    throw_bad_input("layer '" + name() + "' (Activation)", "needs exactly one input");
  }
  return inputs[0];
}

void ActivationLayer::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const int64_t count = inputs[0].batch * inputs[0].pattern_size();
  std::copy_n(inputs[0].data, count, out.data);
  apply_activation(activation_, out.data, count, inputs[0].shape.back());
}

std::unique_ptr<Layer> make_activation_layer(const LayerConfig& config) {
  if (!config.has("activation")) throw_bad_input(config.context(), "names no activation");
  return std::make_unique<ActivationLayer>(config.name, activation_from_config(config));
}

}  // namespace cerebro::model
