#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

// Keras ZeroPadding1D/2D (channels_last): zeros added before and after the spatial axes.
class ZeroPadding final : public Layer {
 public:
  ZeroPadding(std::string name, std::string keras_class, int rank, const EdgePairs& padding);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  const EdgePairs& padding() const { return padding_; }

 private:
  int rank_;
  EdgePairs padding_;
};

std::unique_ptr<Layer> make_zero_padding1d(const LayerConfig& config);
std::unique_ptr<Layer> make_zero_padding2d(const LayerConfig& config);

}  // namespace cerebro::model
