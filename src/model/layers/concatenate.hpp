#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras Concatenate: inputs of equal rank joined along `axis` (default -1; Keras axes count the
// batch axis as 0); every other axis must agree.
class Concatenate final : public Layer {
 public:
  Concatenate(std::string name, int64_t keras_axis) : Layer(std::move(name), "Concatenate"), keras_axis_(keras_axis) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

 private:
  int64_t keras_axis_;
};

std::unique_ptr<Layer> make_concatenate(const LayerConfig& config);

}  // namespace cerebro::model
