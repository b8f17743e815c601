#pragma once
#include "model/layers/normalization.hpp"

namespace cerebro::model {

// Keras LayerNormalization: each pattern is normalised over `axis` (one or several axes, jointly)
// with its own mean and variance, then y = gamma * x_hat + beta with gamma/beta varying along
// those axes. Weights: [gamma if scale] [beta if center], each of shape (dims of the axes, in
// the config's order); their values run in row-major order over the sorted axes() (Keras
// reshapes both to the input's rank), whatever order the config lists them in.
class LayerNormalization final : public NormalizationLayer {
 public:
  LayerNormalization(std::string name, std::vector<int64_t> keras_axes, double epsilon, bool center, bool scale)
      : NormalizationLayer(std::move(name), "LayerNormalization", std::move(keras_axes), epsilon, center, scale) {}

  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;
};

std::unique_ptr<Layer> make_layer_normalization(const LayerConfig& config);

}  // namespace cerebro::model
