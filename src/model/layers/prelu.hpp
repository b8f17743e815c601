#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras PReLU: y = x for x >= 0, alpha * x otherwise, with a learned alpha per value. The alpha
// weight has the input's shape with each of `shared_axes` (Keras axes: 1 is the first axis after
// the batch) set to 1, and is broadcast along those.
class Prelu final : public Layer {
 public:
  Prelu(std::string name, std::vector<int64_t> shared_axes);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  const std::vector<int64_t>& shared_axes() const { return shared_axes_; }

 private:
  std::vector<int64_t> shared_axes_;
};

std::unique_ptr<Layer> make_prelu(const LayerConfig& config);

}  // namespace cerebro::model
