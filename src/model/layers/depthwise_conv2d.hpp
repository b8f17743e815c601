#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"
#include "model/layers/conv.hpp"

namespace cerebro::model {

// Keras DepthwiseConv2D: each input channel c is convolved with its own `depth_multiplier`
// kernels; output channel c * depth_multiplier + m (TensorFlow's depthwise_conv2d order).
// Weights: depthwise kernel (kh, kw, in, depth_multiplier), bias (in * depth_multiplier).
class DepthwiseConv2D final : public Layer {
 public:
  DepthwiseConv2D(std::string name, const ConvParams& params, int64_t depth_multiplier);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  const ConvParams& params() const { return params_; }
  int64_t depth_multiplier() const { return depth_multiplier_; }

 private:
  ConvParams params_;
  int64_t depth_multiplier_;
};

std::unique_ptr<Layer> make_depthwise_conv2d(const LayerConfig& config);

// The depthwise step shared with SeparableConv2D: `batch` (H, W, channels) patterns at `in` to
// (out_y, out_x, channels * multiplier) at `out`, no bias.
void depthwise_conv(const float* in, int64_t batch, const Window2D& window, int64_t channels, int64_t multiplier,
                    const float* kernel, float* out);

// Reads depth_multiplier (positive, default 1).
int64_t depth_multiplier_from_config(const LayerConfig& config);

}  // namespace cerebro::model
