#pragma once
#include "model/layers/normalization.hpp"

namespace cerebro::model {

// Keras BatchNormalization at inference: y = gamma * (x - moving_mean) / sqrt(moving_variance +
// epsilon) + beta, with parameters varying along `axes` (any axes but the batch axis). Weights
// in Keras' order: [gamma if scale] [beta if center] moving_mean moving_variance; the moving
// statistics are never trainable. One axis: parameters of shape (dim,); several (tf.keras only):
// the input's rank with 1s on the other axes, batch axis included.
class BatchNormalization final : public NormalizationLayer {
 public:
  BatchNormalization(std::string name, std::vector<int64_t> keras_axes, double epsilon, bool center, bool scale)
      : NormalizationLayer(std::move(name), "BatchNormalization", std::move(keras_axes), epsilon, center, scale) {}

  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  bool weight_trainable(size_t index) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  // The same as axes(): the name the CUDA backend calls it by.
  std::vector<int> pattern_axes(const Shape& input) const { return axes(input); }
};

std::unique_ptr<Layer> make_batch_normalization(const LayerConfig& config);

}  // namespace cerebro::model
