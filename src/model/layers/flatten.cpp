#include "model/layers/flatten.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Shape Flatten::infer_shape(std::span<const Shape> inputs) const {
  if (inputs.size() != 1) throw_bad_input("layer '" + name() + "' (Flatten)", "needs exactly one input");
  return {element_count(inputs[0])};
}

void Flatten::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  std::copy_n(inputs[0].data, inputs[0].batch * inputs[0].pattern_size(), out.data);
}

std::unique_ptr<Layer> make_flatten(const LayerConfig& config) {
  // channels_first would make Keras transpose to channels_last order before flattening.
  require_channels_last(config);
  return std::make_unique<Flatten>(config.name);
}

}  // namespace cerebro::model
