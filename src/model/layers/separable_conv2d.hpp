#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"
#include "model/layers/depthwise_conv2d.hpp"

namespace cerebro::model {

// Keras SeparableConv2D: a depthwise convolution (no bias) followed by a 1x1 convolution to
// `filters`, then bias and activation. Weights: depthwise kernel (kh, kw, in, depth_multiplier),
// pointwise kernel (1, 1, in * depth_multiplier, filters), bias (filters).
class SeparableConv2D final : public DepthwiseLayer {
 public:
  SeparableConv2D(std::string name, const ConvParams& params, int64_t depth_multiplier)
      : DepthwiseLayer(std::move(name), "SeparableConv2D", params, depth_multiplier) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;
};

std::unique_ptr<Layer> make_separable_conv2d(const LayerConfig& config);

}  // namespace cerebro::model
