#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras Reshape: the same values in C order under `target_shape` (one entry may be -1: whatever
// makes the count match).
class Reshape final : public Layer {
 public:
  Reshape(std::string name, Shape target) : Layer(std::move(name), "Reshape"), target_(std::move(target)) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;
  bool is_identity() const override { return true; }

 private:
  Shape target_;
};

std::unique_ptr<Layer> make_reshape(const LayerConfig& config);

}  // namespace cerebro::model
