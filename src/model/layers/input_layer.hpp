#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Where patterns enter the graph. Old Sequential files have no InputLayer: the loader makes one
// from the first layer's batch_input_shape, named "<first layer>_input" as Keras does.
class InputLayer final : public Layer {
 public:
  InputLayer(std::string name, Shape shape);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  const Shape& shape() const { return shape_; }

 private:
  Shape shape_;
};

std::unique_ptr<Layer> make_input_layer(const LayerConfig& config);

// The per-pattern shape a layer config declares: "batch_input_shape" (Keras 2, tf.keras) or
// "batch_shape" (Keras 3), without the batch axis. Empty when the config declares none.
Shape declared_input_shape(const LayerConfig& config);

}  // namespace cerebro::model
