#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras Rescaling: y = x * scale + offset (scalars).
class Rescaling final : public Layer {
 public:
  Rescaling(std::string name, float scale, float offset)
      : Layer(std::move(name), "Rescaling"), scale_(scale), offset_(offset) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  float scale() const { return scale_; }
  float offset() const { return offset_; }

 private:
  float scale_;
  float offset_;
};

std::unique_ptr<Layer> make_rescaling(const LayerConfig& config);

}  // namespace cerebro::model
