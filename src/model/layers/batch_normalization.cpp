#include "model/layers/batch_normalization.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

BatchNormalization::BatchNormalization(std::string name, std::vector<int64_t> keras_axes, double epsilon, bool center,
                                       bool scale)
    : Layer(std::move(name), "BatchNormalization"),
      keras_axes_(std::move(keras_axes)),
      epsilon_(epsilon),
      center_(center),
      scale_(scale) {}

std::vector<int> BatchNormalization::pattern_axes(const Shape& input) const {
  std::vector<int> axes;
  for (int64_t axis : keras_axes_) axes.push_back(keras_axis_to_pattern(axis, input.size(), layer_context(*this)));
  std::sort(axes.begin(), axes.end());
  if (std::adjacent_find(axes.begin(), axes.end()) != axes.end()) {
    throw_bad_input(layer_context(*this), "axis lists the same axis twice");
  }
  return axes;
}

Shape BatchNormalization::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  pattern_axes(inputs[0]);  // validates the axes against the input's rank
  return inputs[0];
}

std::vector<Shape> BatchNormalization::expected_weight_shapes(std::span<const Shape> inputs) const {
  const Shape& in = inputs[0];
  const std::vector<int> axes = pattern_axes(in);
  Shape param;
  if (axes.size() == 1) {
    param = {in[static_cast<size_t>(axes[0])]};
  } else {
    param.assign(in.size() + 1, 1);
    for (int axis : axes) param[static_cast<size_t>(axis) + 1] = in[static_cast<size_t>(axis)];
  }
  const size_t count = 2 + (scale_ ? 1 : 0) + (center_ ? 1 : 0);
  return std::vector<Shape>(count, param);
}

bool BatchNormalization::weight_trainable(size_t index) const {
  const size_t affine = (scale_ ? 1 : 0) + (center_ ? 1 : 0);
  return index < affine && Layer::weight_trainable(index);
}

void BatchNormalization::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const std::vector<int64_t> param_of = index_over_axes(in.shape, pattern_axes(in.shape));
  const int64_t params = element_count(weights().back().shape);
  size_t next = 0;
  const float* gamma = scale_ ? weight_data(next++) : nullptr;
  const float* beta = center_ ? weight_data(next++) : nullptr;
  const float* mean = weight_data(next++);
  const float* variance = weight_data(next);
  // Per parameter: y = (x - mean) * factor + offset.
  std::vector<float> factor(static_cast<size_t>(params));
  std::vector<float> offset(static_cast<size_t>(params));
  for (int64_t p = 0; p < params; ++p) {
    const double inv = 1.0 / std::sqrt(static_cast<double>(variance[p]) + epsilon_);
    factor[static_cast<size_t>(p)] = static_cast<float>(inv * (gamma ? gamma[p] : 1.0f));
    offset[static_cast<size_t>(p)] = beta ? beta[p] : 0.0f;
  }
  const int64_t size = in.pattern_size();
  for (int64_t n = 0; n < in.batch; ++n) {
    const float* x = in.data + n * size;
    float* y = out.data + n * size;
    for (int64_t i = 0; i < size; ++i) {
      const auto p = static_cast<size_t>(param_of[static_cast<size_t>(i)]);
      y[i] = (x[i] - mean[p]) * factor[p] + offset[p];
    }
  }
}

std::unique_ptr<Layer> make_batch_normalization(const LayerConfig& config) {
  if (config.get_bool("renorm", false)) throw_unsupported(config.context(), "batch renormalization is not supported");
  const std::vector<int64_t> axes = int_list(config, "axis", {-1});
  if (axes.empty()) throw_bad_input(config.context(), "axis lists no axis");
  const double epsilon = config.get_double("epsilon", 1e-3);
  if (!(epsilon >= 0.0)) throw_bad_input(config.context(), "epsilon must not be negative");
  return std::make_unique<BatchNormalization>(config.name, axes, epsilon, config.get_bool("center", true),
                                              config.get_bool("scale", true));
}

}  // namespace cerebro::model
