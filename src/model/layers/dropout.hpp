#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Dropout does nothing at inference: its output is its input.
class Dropout final : public Layer {
 public:
  Dropout(std::string name, std::string keras_class) : Layer(std::move(name), std::move(keras_class)) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;
  bool is_identity() const override { return true; }
};

std::unique_ptr<Layer> make_dropout(const LayerConfig& config);

}  // namespace cerebro::model
