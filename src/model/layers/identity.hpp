#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Layers that do nothing at inference: the output is the input. Dropout and its variants, the
// noise layers, ActivityRegularization (a training loss only) and the random augmentation layers
// (Keras applies them only when training).
class InferenceIdentity final : public Layer {
 public:
  InferenceIdentity(std::string name, std::string keras_class) : Layer(std::move(name), std::move(keras_class)) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;
  bool is_identity() const override { return true; }
};

std::unique_ptr<Layer> make_inference_identity(const LayerConfig& config);

}  // namespace cerebro::model
