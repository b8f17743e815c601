#pragma once
#include "model/activation.hpp"
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras Activation: applies one activation to its input, shape unchanged.
class ActivationLayer final : public Layer {
 public:
  ActivationLayer(std::string name, Activation activation)
      : Layer(std::move(name), "Activation"), activation_(activation) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  Activation activation() const { return activation_; }

 private:
  Activation activation_;
};

std::unique_ptr<Layer> make_activation_layer(const LayerConfig& config);

}  // namespace cerebro::model
