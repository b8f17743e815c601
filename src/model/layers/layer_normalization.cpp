#include "model/layers/layer_normalization.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

std::vector<Shape> LayerNormalization::expected_weight_shapes(std::span<const Shape> inputs) const {
  Shape param;
  for (int axis : listed_axes(inputs[0])) param.push_back(inputs[0][static_cast<size_t>(axis)]);
  return std::vector<Shape>(affine_weights(), param);
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
  const float* gamma = scale() ? weight_data(0) : nullptr;
  const float* beta = center() ? weight_data(scale() ? 1 : 0) : nullptr;

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
    for (double& v : inv_std) v = 1.0 / std::sqrt(v / per_group + epsilon());
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
  const NormalizationConfig read = read_normalization_config(config);
  return std::make_unique<LayerNormalization>(config.name, read.axes, read.epsilon, read.center, read.scale);
}

}  // namespace cerebro::model
