#pragma once
#include <optional>

#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

struct ReluParams {
  std::optional<double> max_value;
  double negative_slope = 0.0;
  double threshold = 0.0;
};

// Keras ReLU layer, computed the way Keras' backend relu does (tf_keras backend.relu, Keras 3
// ReLU.static_call): y = clip(x if x > threshold else 0, 0, max_value) - negative_slope *
// max(threshold - x, 0), where with threshold 0 the first term is max(x, 0) and the clip applies
// only when max_value is set.
class Relu final : public Layer {
 public:
  Relu(std::string name, const ReluParams& params) : Layer(std::move(name), "ReLU"), params_(params) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  const ReluParams& params() const { return params_; }
  // The formula for one value (also what tests check against closed forms).
  float apply(float x) const;

 private:
  ReluParams params_;
};

std::unique_ptr<Layer> make_relu(const LayerConfig& config);

}  // namespace cerebro::model
