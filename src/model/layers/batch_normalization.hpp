#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras BatchNormalization at inference: y = gamma * (x - moving_mean) / sqrt(moving_variance +
// epsilon) + beta, with parameters varying along `axes` (any axes but the batch axis). Weights
// in Keras' order: [gamma if scale] [beta if center] moving_mean moving_variance; the moving
// statistics are never trainable. One axis: parameters of shape (dim,); several (tf.keras only):
// the input's rank with 1s on the other axes, batch axis included.
class BatchNormalization final : public Layer {
 public:
  BatchNormalization(std::string name, std::vector<int64_t> keras_axes, double epsilon, bool center, bool scale);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  bool weight_trainable(size_t index) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  double epsilon() const { return epsilon_; }
  bool center() const { return center_; }
  bool scale() const { return scale_; }
  // The normalised axes as indices into one pattern's shape (sorted).
  std::vector<int> pattern_axes(const Shape& input) const;

 private:
  std::vector<int64_t> keras_axes_;  // as the config gives them (they count the batch axis)
  double epsilon_;
  bool center_;
  bool scale_;
};

std::unique_ptr<Layer> make_batch_normalization(const LayerConfig& config);

}  // namespace cerebro::model
