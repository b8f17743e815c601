#pragma once
#include "model/activation.hpp"
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras Dense: y = activation(x · kernel + bias) over the last axis, for an input of any rank
// (the article's model maps (50, 50) to (50, 75)).
class Dense final : public Layer {
 public:
  Dense(std::string name, int64_t units, bool use_bias, Activation activation);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  int64_t units() const { return units_; }
  bool use_bias() const { return use_bias_; }
  Activation activation() const { return activation_; }
  const float* kernel() const { return weight_data(0); }
  const float* bias() const { return use_bias_ ? weight_data(1) : nullptr; }

 private:
  int64_t units_;
  bool use_bias_;
  Activation activation_;
};

std::unique_ptr<Layer> make_dense(const LayerConfig& config);

}  // namespace cerebro::model
