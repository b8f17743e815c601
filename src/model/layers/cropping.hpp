#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

// Keras Cropping1D/2D (channels_last): cells removed before and after the spatial axes.
class Cropping final : public Layer {
 public:
  Cropping(std::string name, std::string keras_class, int rank, const EdgePairs& cropping);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  const EdgePairs& cropping() const { return cropping_; }

 private:
  int rank_;
  EdgePairs cropping_;
};

std::unique_ptr<Layer> make_cropping1d(const LayerConfig& config);
std::unique_ptr<Layer> make_cropping2d(const LayerConfig& config);

}  // namespace cerebro::model
