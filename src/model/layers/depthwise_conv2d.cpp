#include "model/layers/depthwise_conv2d.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Window2D DepthwiseLayer::window(const Shape& input) const { return conv_window(params_, input, layer_context(*this)); }

Shape DepthwiseConv2D::infer_shape(std::span<const Shape> inputs) const {
  const Window2D w = window(require_spatial_input(*this, inputs, 2));
  return {w.y.out, w.x.out, inputs[0][2] * depth_multiplier()};
}

std::vector<Shape> DepthwiseConv2D::expected_weight_shapes(std::span<const Shape> inputs) const {
  const int64_t channels = inputs[0][2];
  std::vector<Shape> shapes{{params().kernel[0], params().kernel[1], channels, depth_multiplier()}};
  if (params().use_bias) shapes.push_back({channels * depth_multiplier()});
  return shapes;
}

void depthwise_conv(const float* in, int64_t batch, const Window2D& window, int64_t channels, int64_t multiplier,
                    const float* kernel, float* out) {
  const WindowAxis& wy = window.y;
  const WindowAxis& wx = window.x;
  const int64_t out_channels = channels * multiplier;
  const int64_t in_size = wy.in * wx.in * channels;
  for (int64_t n = 0; n < batch; ++n) {
    const float* pattern = in + n * in_size;
    for (int64_t oy = 0; oy < wy.out; ++oy) {
      for (int64_t ox = 0; ox < wx.out; ++ox, out += out_channels) {
        std::fill_n(out, out_channels, 0.0f);
        for (int64_t ky = 0; ky < wy.kernel; ++ky) {
          const int64_t iy = wy.source(oy, ky);
          if (iy < 0 || iy >= wy.in) continue;
          for (int64_t kx = 0; kx < wx.kernel; ++kx) {
            const int64_t ix = wx.source(ox, kx);
            if (ix < 0 || ix >= wx.in) continue;
            const float* src = pattern + (iy * wx.in + ix) * channels;
            // Kernel (kh, kw, in, multiplier): tap (ky, kx) holds in * multiplier values in output order.
            const float* taps = kernel + (ky * wx.kernel + kx) * out_channels;
            for (int64_t c = 0; c < channels; ++c) {
              for (int64_t m = 0; m < multiplier; ++m) out[c * multiplier + m] += src[c] * taps[c * multiplier + m];
            }
          }
        }
      }
    }
  }
}

void DepthwiseConv2D::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const Window2D w = window(in.shape);
  const int64_t out_channels = in.shape[2] * depth_multiplier();
  depthwise_conv(in.data, in.batch, w, in.shape[2], depth_multiplier(), weight_data(0), out.data);
  if (params().use_bias) add_bias(out.data, in.batch * w.out_cells(), out_channels, weight_data(1));
  apply_activation(params().activation, out.data, in.batch * w.out_cells() * out_channels, out_channels);
}

ConvParams depthwise_params_from_config(const LayerConfig& config) {
  require_channels_last(config);
  ConvParams params;
  read_window_config(config, 2, params);
  params.use_bias = config.get_bool("use_bias", true);
  params.activation = activation_from_config(config);
  return params;
}

int64_t depth_multiplier_from_config(const LayerConfig& config) {
  const int64_t multiplier = config.get_int("depth_multiplier", 1);
  if (multiplier <= 0) throw_bad_input(config.context(), "depth_multiplier must be a positive integer");
  return multiplier;
}

std::unique_ptr<Layer> make_depthwise_conv2d(const LayerConfig& config) {
  const ConvParams params = depthwise_params_from_config(config);
  return std::make_unique<DepthwiseConv2D>(config.name, params, depth_multiplier_from_config(config));
}

}  // namespace cerebro::model
