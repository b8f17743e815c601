#include "model/layers/layer_normalization.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

LayerNormalization::LayerNormalization(std::string name, std::vector<int64_t> keras_axes, double epsilon, bool center,
                                       bool scale)
    : Layer(std::move(name), "LayerNormalization"),
      keras_axes_(std::move(keras_axes)),
      epsilon_(epsilon),
      center_(center),
      scale_(scale) {}

std::vector<int> LayerNormalization::config_axes(const Shape& input) const {
  std::vector<int> listed;
  for (int64_t axis : keras_axes_) listed.push_back(keras_axis_to_pattern(axis, input.size(), layer_context(*this)));
  std::vector<int> sorted = listed;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw_bad_input(layer_context(*this), "axis lists the same axis twice");
  }
  return listed;
}

std::vector<int> LayerNormalization::axes(const Shape& input) const {
  std::vector<int> sorted = config_axes(input);
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

Shape LayerNormalization::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  config_axes(inputs[0]);
  return inputs[0];
}

std::vector<Shape> LayerNormalization::expected_weight_shapes(std::span<const Shape> inputs) const {
  Shape param;
  for (int axis : config_axes(inputs[0])) param.push_back(inputs[0][static_cast<size_t>(axis)]);
  const size_t count = (scale_ ? 1 : 0) + (center_ ? 1 : 0);
  return std::vector<Shape>(count, param);
}

void LayerNormalization::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const std::vector<int> normalised = axes(in.shape);
  std::vector<int> others;
  for (int d = 0; d < static_cast<int>(in.shape.size()); ++d) {
    if (!std::binary_search(normalised.begin(), normalised.end(), d)) others.push_back(d);
  }
  const std::vector<int64_t> param_of = index_over_axes(in.shape, normalised);
  const std::vector<int64_t> group_of = index_over_axes(in.shape, others);
  const int64_t size = in.pattern_size();
  int64_t groups = 1;
  for (int d : others) groups *= in.shape[static_cast<size_t>(d)];
  const double per_group = static_cast<double>(size / groups);
  const float* gamma = scale_ ? weight_data(0) : nullptr;
  const float* beta = center_ ? weight_data(scale_ ? 1 : 0) : nullptr;

  std::vector<double> mean(static_cast<size_t>(groups));
  std::vector<double> inv_std(static_cast<size_t>(groups));
  for (int64_t n = 0; n < in.batch; ++n) {
    const float* x = in.data + n * size;
    float* y = out.data + n * size;
    std::fill(mean.begin(), mean.end(), 0.0);
    std::fill(inv_std.begin(), inv_std.end(), 0.0);
    for (int64_t i = 0; i < size; ++i) mean[static_cast<size_t>(group_of[static_cast<size_t>(i)])] += x[i];
    for (double& m : mean) m /= per_group;
    for (int64_t i = 0; i < size; ++i) {
      const auto g = static_cast<size_t>(group_of[static_cast<size_t>(i)]);
      const double d = x[i] - mean[g];
      inv_std[g] += d * d;
    }
    for (double& v : inv_std) v = 1.0 / std::sqrt(v / per_group + epsilon_);
    for (int64_t i = 0; i < size; ++i) {
      const auto g = static_cast<size_t>(group_of[static_cast<size_t>(i)]);
      const auto p = param_of[static_cast<size_t>(i)];
      double v = (x[i] - mean[g]) * inv_std[g];
      if (gamma) v *= gamma[p];
      if (beta) v += beta[p];
      y[i] = static_cast<float>(v);
    }
  }
}

std::unique_ptr<Layer> make_layer_normalization(const LayerConfig& config) {
  // Keras 3's rms_scaling changed meaning across releases; refuse rather than guess.
  if (config.get_bool("rms_scaling", false)) throw_unsupported(config.context(), "rms_scaling is not supported");
  const std::vector<int64_t> axes = int_list(config, "axis", {-1});
  if (axes.empty()) throw_bad_input(config.context(), "axis lists no axis");
  const double epsilon = config.get_double("epsilon", 1e-3);
  if (!(epsilon >= 0.0)) throw_bad_input(config.context(), "epsilon must not be negative");
  return std::make_unique<LayerNormalization>(config.name, axes, epsilon, config.get_bool("center", true),
                                              config.get_bool("scale", true));
}

}  // namespace cerebro::model
