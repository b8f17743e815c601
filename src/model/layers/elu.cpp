#include "model/layers/elu.hpp"

#include <algorithm>
#include <cmath>

#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Shape Elu::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  return inputs[0];
}

void Elu::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const int64_t count = inputs[0].batch * inputs[0].pattern_size();
  std::transform(inputs[0].data, inputs[0].data + count, out.data, [alpha = alpha_](float x) {
    return x > 0.0f ? x : static_cast<float>(alpha * std::expm1(static_cast<double>(x)));
  });
}

std::unique_ptr<Layer> make_elu(const LayerConfig& config) {
  return std::make_unique<Elu>(config.name, config.get_double("alpha", 1.0));
}

}  // namespace cerebro::model
