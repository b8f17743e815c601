#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras LayerNormalization: each pattern is normalised over `axis` (one or several axes, jointly)
// with its own mean and variance, then y = gamma * x_hat + beta with gamma/beta varying along
// those axes. Weights: [gamma if scale] [beta if center], each of shape (dims of the axes, in
// the config's order).
class LayerNormalization final : public Layer {
 public:
  LayerNormalization(std::string name, std::vector<int64_t> keras_axes, double epsilon, bool center, bool scale);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  double epsilon() const { return epsilon_; }
  bool center() const { return center_; }  // beta is a weight
  bool scale() const { return scale_; }    // gamma is a weight
  // The normalised axes as pattern indices, sorted: gamma and beta run in row-major order over
  // them (Keras reshapes both to the input's rank), whatever order the config lists them in.
  std::vector<int> axes(const Shape& input) const;

 private:
  // The axes as pattern indices, in the config's order (weights follow that order).
  std::vector<int> config_axes(const Shape& input) const;

  std::vector<int64_t> keras_axes_;
  double epsilon_;
  bool center_;
  bool scale_;
};

std::unique_ptr<Layer> make_layer_normalization(const LayerConfig& config);

}  // namespace cerebro::model
