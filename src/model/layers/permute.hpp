#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras Permute: output axis i is input axis dims[i] (1-based: Keras counts the batch axis as 0
// and never moves it).
class Permute final : public Layer {
 public:
  Permute(std::string name, std::vector<int64_t> dims) : Layer(std::move(name), "Permute"), dims_(std::move(dims)) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  // As the config lists them: 1-based input axes, one per output axis.
  const std::vector<int64_t>& dims() const { return dims_; }

 private:
  std::vector<int64_t> dims_;
};

std::unique_ptr<Layer> make_permute(const LayerConfig& config);

}  // namespace cerebro::model
