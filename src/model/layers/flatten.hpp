#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras Flatten with data_format channels_last: the values keep their C order.
class Flatten final : public Layer {
 public:
  explicit Flatten(std::string name) : Layer(std::move(name), "Flatten") {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;
  bool is_identity() const override { return true; }
};

std::unique_ptr<Layer> make_flatten(const LayerConfig& config);

}  // namespace cerebro::model
