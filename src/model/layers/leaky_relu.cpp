#include "model/layers/leaky_relu.hpp"

#include <algorithm>

#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Shape LeakyRelu::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  return inputs[0];
}

void LeakyRelu::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const int64_t count = inputs[0].batch * inputs[0].pattern_size();
  std::transform(inputs[0].data, inputs[0].data + count, out.data,
                 [slope = slope_](float x) { return x >= 0.0f ? x : slope * x; });
}

std::unique_ptr<Layer> make_leaky_relu(const LayerConfig& config) {
  const double slope = config.has("negative_slope") ? config.get_double("negative_slope", 0.3)
                                                    : config.get_double("alpha", 0.3);
  return std::make_unique<LeakyRelu>(config.name, static_cast<float>(slope));
}

}  // namespace cerebro::model
