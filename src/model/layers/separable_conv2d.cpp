#include "model/layers/separable_conv2d.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {
namespace {

constexpr int64_t kScratchFloats = int64_t{1} << 18;  // depthwise results of a chunk of patterns (cache-sized)

}  // namespace

Shape SeparableConv2D::infer_shape(std::span<const Shape> inputs) const {
  const Window2D w = window(require_spatial_input(*this, inputs, 2));
  return {w.y.out, w.x.out, params().filters};
}

std::vector<Shape> SeparableConv2D::expected_weight_shapes(std::span<const Shape> inputs) const {
  const int64_t channels = inputs[0][2];
  std::vector<Shape> shapes{{params().kernel[0], params().kernel[1], channels, depth_multiplier()},
                            {1, 1, channels * depth_multiplier(), params().filters}};
  if (params().use_bias) shapes.push_back({params().filters});
  return shapes;
}

void SeparableConv2D::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const Window2D w = window(in.shape);
  const int64_t cells = w.out_cells();
  const int64_t middle = in.shape[2] * depth_multiplier();
  const int64_t filters = params().filters;
  const int64_t chunk = std::clamp<int64_t>(kScratchFloats / (cells * middle), 1, in.batch);
  std::vector<float> depthwise(static_cast<size_t>(chunk * cells * middle));
  for (int64_t first = 0; first < in.batch; first += chunk) {
    const int64_t count = std::min(chunk, in.batch - first);
    depthwise_conv(in.data + first * in.pattern_size(), count, w, in.shape[2], depth_multiplier(), weight_data(0),
                   depthwise.data());
    float* dst = out.data + first * cells * filters;
    gemm(count * cells, filters, middle, depthwise.data(), middle, weight_data(1), filters, dst, filters);
    if (params().use_bias) add_bias(dst, count * cells, filters, weight_data(2));
    apply_activation(params().activation, dst, count * cells * filters, filters);
  }
}

std::unique_ptr<Layer> make_separable_conv2d(const LayerConfig& config) {
  ConvParams params = depthwise_params_from_config(config);
  params.filters = config.get_int("filters", 0);
  if (params.filters <= 0) throw_bad_input(config.context(), "filters must be a positive integer");
  return std::make_unique<SeparableConv2D>(config.name, params, depth_multiplier_from_config(config));
}

}  // namespace cerebro::model
