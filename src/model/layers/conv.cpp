#include "model/layers/conv.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {
namespace {

// Patch matrices are built for as many patterns at once as fit in this many floats (1 MiB), so
// they stay in cache between im2col and the GEMM (a 64 MiB scratch was measurably slower on a
// 28x28x32 -> 64 conv of 256 patterns), while small layers still get GEMMs of thousands of rows.
constexpr int64_t kScratchFloats = int64_t{1} << 18;

}  // namespace

Conv::Conv(std::string name, std::string keras_class, const ConvParams& params)
    : Layer(std::move(name), std::move(keras_class)), params_(params) {}

Window2D conv_window(const ConvParams& params, const Shape& input, const std::string& context) {
  const int64_t height = params.rank == 2 ? input[0] : 1;
  const int64_t width = input[static_cast<size_t>(params.rank) - 1];
  return Window2D{window_axis(height, params.kernel[0], params.strides[0], params.dilation[0], params.padding, context),
                  window_axis(width, params.kernel[1], params.strides[1], params.dilation[1], params.padding, context)};
}

Window2D Conv::window(const Shape& input) const { return conv_window(params_, input, layer_context(*this)); }

Shape Conv::infer_shape(std::span<const Shape> inputs) const {
  const Shape& in = require_spatial_input(*this, inputs, params_.rank);
  if (in.back() % params_.groups != 0) {
    throw_bad_input(layer_context(*this), std::to_string(in.back()) + " input channels do not split into " +
                                              std::to_string(params_.groups) + " groups");
  }
  const Window2D w = window(in);
  if (params_.rank == 1) return {w.x.out, params_.filters};
  return {w.y.out, w.x.out, params_.filters};
}

std::vector<Shape> Conv::expected_weight_shapes(std::span<const Shape> inputs) const {
  const int64_t in_per_group = inputs[0].back() / params_.groups;
  std::vector<Shape> shapes;
  if (params_.rank == 1) {
    shapes.push_back({params_.kernel[1], in_per_group, params_.filters});
  } else {
    shapes.push_back({params_.kernel[0], params_.kernel[1], in_per_group, params_.filters});
  }
  if (params_.use_bias) shapes.push_back({params_.filters});
  return shapes;
}

void Conv::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const Window2D w = window(in.shape);
  const int64_t channels = in.shape.back();
  const int64_t filters = params_.filters;
  const int64_t group_in = channels / params_.groups;
  const int64_t group_out = filters / params_.groups;
  const int64_t cells = w.out_cells();
  const int64_t depth = w.taps() * group_in;  // columns of the patch matrix
  const int64_t in_size = in.pattern_size();
  const int64_t out_size = cells * filters;
  // A 1x1 convolution with stride 1 is a GEMM on the input as it lies: no patches needed.
  const bool pointwise = w.taps() == 1 && w.y.stride == 1 && w.x.stride == 1 && params_.groups == 1;
  const int64_t chunk = std::clamp<int64_t>(kScratchFloats / std::max<int64_t>(cells * depth, 1), 1, in.batch);
  std::vector<float> patches(pointwise ? 0 : static_cast<size_t>(chunk * cells * depth));
  for (int64_t first = 0; first < in.batch; first += chunk) {
    const int64_t count = std::min(chunk, in.batch - first);
    float* dst = out.data + first * out_size;
    if (pointwise) {
      gemm(count * cells, filters, channels, in.data + first * in_size, channels, kernel(), filters, dst, filters);
    }
    for (int64_t g = 0; !pointwise && g < params_.groups; ++g) {
      for (int64_t n = 0; n < count; ++n) {
        im2col(in.data + (first + n) * in_size, w, channels, g * group_in, group_in, patches.data() + n * cells * depth);
      }
      gemm(count * cells, group_out, depth, patches.data(), depth, kernel() + g * group_out, filters, dst + g * group_out,
           filters);
    }
    // Bias and activation while this chunk's output is still in cache.
    if (params_.use_bias) add_bias(dst, count * cells, filters, bias());
    apply_activation(params_.activation, dst, count * out_size, filters);
  }
}

void read_window_config(const LayerConfig& config, int rank, ConvParams& params) {
  const auto r = static_cast<size_t>(rank);
  const std::vector<int64_t> ones(r, 1);
  const std::vector<int64_t> kernel = int_tuple(config, "kernel_size", r, {});
  if (kernel.empty()) throw_bad_input(config.context(), "config has no kernel_size");
  const std::vector<int64_t> strides = int_tuple(config, "strides", r, ones);
  const std::vector<int64_t> dilation = int_tuple(config, "dilation_rate", r, ones);
  // A 1-D window lives on the x axis of the (1, steps) plane.
  const size_t offset = 2 - r;
  for (size_t i = 0; i < r; ++i) {
    params.kernel[offset + i] = kernel[i];
    params.strides[offset + i] = strides[i];
    params.dilation[offset + i] = dilation[i];
  }
  for (size_t i = 0; i < 2; ++i) {
    if (params.kernel[i] <= 0 || params.strides[i] <= 0 || params.dilation[i] <= 0) {
      throw_bad_input(config.context(), "kernel_size, strides and dilation_rate must be positive");
    }
  }
  params.padding = padding_from_config(config, rank == 1);
}

namespace {

std::unique_ptr<Layer> make_conv(const LayerConfig& config, int rank) {
  require_channels_last(config);
  ConvParams params;
  params.rank = rank;
  params.filters = config.get_int("filters", 0);
  if (params.filters <= 0) throw_bad_input(config.context(), "filters must be a positive integer");
  read_window_config(config, rank, params);
  params.groups = config.get_int("groups", 1);
  if (params.groups <= 0 || params.filters % params.groups != 0) {
    throw_bad_input(config.context(), "groups must be a positive divisor of filters");
  }
  params.use_bias = config.get_bool("use_bias", true);
  params.activation = activation_from_config(config);
  return std::make_unique<Conv>(config.name, config.class_name, params);
}

}  // namespace

std::unique_ptr<Layer> make_conv1d(const LayerConfig& config) { return make_conv(config, 1); }
std::unique_ptr<Layer> make_conv2d(const LayerConfig& config) { return make_conv(config, 2); }

}  // namespace cerebro::model
