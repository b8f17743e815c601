#include "model/layers/batch_normalization.hpp"

#include <cmath>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

std::vector<Shape> BatchNormalization::expected_weight_shapes(std::span<const Shape> inputs) const {
  const Shape& in = inputs[0];
  const std::vector<int> normalised = axes(in);
  Shape param;
  if (normalised.size() == 1) {
    param = {in[static_cast<size_t>(normalised[0])]};
  } else {
    param.assign(in.size() + 1, 1);
    for (int axis : normalised) param[static_cast<size_t>(axis) + 1] = in[static_cast<size_t>(axis)];
  }
  return std::vector<Shape>(2 + affine_weights(), param);
}

bool BatchNormalization::weight_trainable(size_t index) const {
  return index < affine_weights() && Layer::weight_trainable(index);
}

void BatchNormalization::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const std::vector<int64_t> param_of = index_over_axes(in.shape, axes(in.shape));
  const int64_t params = element_count(weights().back().shape);
  size_t next = 0;
  const float* gamma = scale() ? weight_data(next++) : nullptr;
  const float* beta = center() ? weight_data(next++) : nullptr;
  const float* mean = weight_data(next++);
  const float* variance = weight_data(next);
  // Per parameter: y = (x - mean) * factor + offset.
  std::vector<float> factor(static_cast<size_t>(params));
  std::vector<float> offset(static_cast<size_t>(params));
  for (int64_t p = 0; p < params; ++p) {
    const double inv = 1.0 / std::sqrt(static_cast<double>(variance[p]) + epsilon());
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
  const NormalizationConfig read = read_normalization_config(config);
  return std::make_unique<BatchNormalization>(config.name, read.axes, read.epsilon, read.center, read.scale);
}

}  // namespace cerebro::model
