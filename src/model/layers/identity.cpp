#include "model/layers/identity.hpp"

#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Shape InferenceIdentity::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  return inputs[0];
}

void InferenceIdentity::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  copy_batch(inputs[0], out);
}

std::unique_ptr<Layer> make_inference_identity(const LayerConfig& config) {
  return std::make_unique<InferenceIdentity>(config.name, config.class_name);
}

}  // namespace cerebro::model
