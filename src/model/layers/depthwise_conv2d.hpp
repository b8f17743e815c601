#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"
#include "model/layers/conv.hpp"

namespace cerebro::model {

// What DepthwiseConv2D and SeparableConv2D share: a window over (height, width, channels) inputs
// in which each input channel c is convolved with its own `depth_multiplier` kernels, giving
// channel c * depth_multiplier + m (TensorFlow's depthwise_conv2d order). Weight 0 is the
// depthwise kernel (kh, kw, in, depth_multiplier).
class DepthwiseLayer : public Layer {
 public:
  const ConvParams& params() const { return params_; }
  int64_t depth_multiplier() const { return depth_multiplier_; }
  // The window geometry for one (H, W, C) input shape.
  Window2D window(const Shape& input) const;

 protected:
  DepthwiseLayer(std::string name, std::string keras_class, const ConvParams& params, int64_t depth_multiplier)
      : Layer(std::move(name), std::move(keras_class)), params_(params), depth_multiplier_(depth_multiplier) {}

 private:
  ConvParams params_;
  int64_t depth_multiplier_;
};

// Keras DepthwiseConv2D: the depthwise step, then bias (in * depth_multiplier) and activation.
class DepthwiseConv2D final : public DepthwiseLayer {
 public:
  DepthwiseConv2D(std::string name, const ConvParams& params, int64_t depth_multiplier)
      : DepthwiseLayer(std::move(name), "DepthwiseConv2D", params, depth_multiplier) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;
};

std::unique_ptr<Layer> make_depthwise_conv2d(const LayerConfig& config);

// The depthwise step shared with SeparableConv2D: `batch` (H, W, channels) patterns at `in` to
// (out_y, out_x, channels * multiplier) at `out`, no bias.
void depthwise_conv(const float* in, int64_t batch, const Window2D& window, int64_t channels, int64_t multiplier,
                    const float* kernel, float* out);

// Reads what both layers' configs share: channels_last, kernel_size, strides, dilation_rate,
// padding, use_bias and activation.
ConvParams depthwise_params_from_config(const LayerConfig& config);

// Reads depth_multiplier (positive, default 1).
int64_t depth_multiplier_from_config(const LayerConfig& config);

}  // namespace cerebro::model
