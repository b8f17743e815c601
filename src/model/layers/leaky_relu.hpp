#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras LeakyReLU: y = x for x >= 0, slope * x otherwise. The slope is "alpha" in Keras 2 and
// tf.keras, "negative_slope" in Keras 3; both default to 0.3.
class LeakyRelu final : public Layer {
 public:
  LeakyRelu(std::string name, float slope) : Layer(std::move(name), "LeakyReLU"), slope_(slope) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  float slope() const { return slope_; }

 private:
  float slope_;
};

std::unique_ptr<Layer> make_leaky_relu(const LayerConfig& config);

}  // namespace cerebro::model
