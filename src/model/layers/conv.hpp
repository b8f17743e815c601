#pragma once
#include <array>

#include "model/activation.hpp"
#include "model/layer.hpp"
#include "model/layer_config.hpp"
#include "model/layers/window.hpp"

namespace cerebro::model {

struct ConvParams {
  int rank = 2;  // spatial axes: 1 (Conv1D, input (steps, channels)) or 2 (Conv2D, (H, W, C))
  int64_t filters = 0;
  // (y, x); a Conv1D uses x only, y stays 1.
  std::array<int64_t, 2> kernel{1, 1};
  std::array<int64_t, 2> strides{1, 1};
  std::array<int64_t, 2> dilation{1, 1};
  Padding padding = Padding::Valid;
  int64_t groups = 1;
  bool use_bias = true;
  Activation activation = Activation::Linear;
};

// Keras Conv1D and Conv2D (channels_last): im2col + one sgemm per chunk of patterns and group.
// Kernel layout as Keras stores it: (kh, kw, in / groups, filters), or (k, in / groups, filters).
class Conv final : public Layer {
 public:
  Conv(std::string name, std::string keras_class, const ConvParams& params);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  std::vector<Shape> expected_weight_shapes(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  const ConvParams& params() const { return params_; }
  // The window geometry for one input shape (steps, C) or (H, W, C).
  Window2D window(const Shape& input) const;
  const float* kernel() const { return weight_data(0); }
  const float* bias() const { return params_.use_bias ? weight_data(1) : nullptr; }

 private:
  ConvParams params_;
};

std::unique_ptr<Layer> make_conv1d(const LayerConfig& config);
std::unique_ptr<Layer> make_conv2d(const LayerConfig& config);

// The window geometry of `params` on one input shape (steps, C) or (H, W, C).
Window2D conv_window(const ConvParams& params, const Shape& input, const std::string& context);

// Reads kernel_size, strides, dilation_rate and padding for `rank` spatial axes into (y, x) pairs.
void read_window_config(const LayerConfig& config, int rank, ConvParams& params);

}  // namespace cerebro::model
