#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras ELU layer: y = x for x > 0, alpha * (exp(x) - 1) otherwise.
class Elu final : public Layer {
 public:
  Elu(std::string name, double alpha) : Layer(std::move(name), "ELU"), alpha_(alpha) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  double alpha() const { return alpha_; }

 private:
  double alpha_;
};

std::unique_ptr<Layer> make_elu(const LayerConfig& config);

}  // namespace cerebro::model
