#include "model/layers/separable_conv2d.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/depthwise_conv2d.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {
namespace {

constexpr int64_t kScratchFloats = int64_t{1} << 18;  // depthwise results of a chunk of patterns (cache-sized)

}  // namespace

SeparableConv2D::SeparableConv2D(std::string name, const ConvParams& params, int64_t depth_multiplier)
    : Layer(std::move(name), "SeparableConv2D"), params_(params), depth_multiplier_(depth_multiplier) {}

Shape SeparableConv2D::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  require_rank(*this, inputs[0], 3, "(height, width, channels)");
  const Window2D w = conv_window(params_, inputs[0], layer_context(*this));
  return {w.y.out, w.x.out, params_.filters};
}

std::vector<Shape> SeparableConv2D::expected_weight_shapes(std::span<const Shape> inputs) const {
  const int64_t channels = inputs[0][2];
  std::vector<Shape> shapes{{params_.kernel[0], params_.kernel[1], channels, depth_multiplier_},
                            {1, 1, channels * depth_multiplier_, params_.filters}};
  if (params_.use_bias) shapes.push_back({params_.filters});
  return shapes;
}

void SeparableConv2D::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const Window2D w = conv_window(params_, in.shape, layer_context(*this));
  const int64_t cells = w.out_cells();
  const int64_t middle = in.shape[2] * depth_multiplier_;
  const int64_t filters = params_.filters;
  const int64_t chunk = std::clamp<int64_t>(kScratchFloats / (cells * middle), 1, in.batch);
  std::vector<float> depthwise(static_cast<size_t>(chunk * cells * middle));
  for (int64_t first = 0; first < in.batch; first += chunk) {
    const int64_t count = std::min(chunk, in.batch - first);
    depthwise_conv(in.data + first * in.pattern_size(), count, w, in.shape[2], depth_multiplier_, weight_data(0),
                   depthwise.data());
    float* dst = out.data + first * cells * filters;
    gemm(count * cells, filters, middle, depthwise.data(), middle, weight_data(1), filters, dst, filters);
    if (params_.use_bias) add_bias(dst, count * cells, filters, weight_data(2));
    apply_activation(params_.activation, dst, count * cells * filters, filters);
  }
}

std::unique_ptr<Layer> make_separable_conv2d(const LayerConfig& config) {
  require_channels_last(config);
  ConvParams params;
  params.filters = config.get_int("filters", 0);
  if (params.filters <= 0) throw_bad_input(config.context(), "filters must be a positive integer");
  read_window_config(config, 2, params);
  params.use_bias = config.get_bool("use_bias", true);
  params.activation = activation_from_config(config);
  return std::make_unique<SeparableConv2D>(config.name, params, depth_multiplier_from_config(config));
}

}  // namespace cerebro::model
