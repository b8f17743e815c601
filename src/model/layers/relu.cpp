#include "model/layers/relu.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Shape Relu::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  return inputs[0];
}

float Relu::apply(float x) const {
  const double v = x;
  double y = params_.threshold != 0.0 ? (v > params_.threshold ? v : 0.0) : std::max(v, 0.0);
  if (params_.max_value) y = std::clamp(y, 0.0, *params_.max_value);
  if (params_.negative_slope != 0.0) y -= params_.negative_slope * std::max(params_.threshold - v, 0.0);
  return static_cast<float>(y);
}

void Relu::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const int64_t count = inputs[0].batch * inputs[0].pattern_size();
  std::transform(inputs[0].data, inputs[0].data + count, out.data, [this](float x) { return apply(x); });
}

std::unique_ptr<Layer> make_relu(const LayerConfig& config) {
  ReluParams params;
  if (config.has("max_value")) {
    params.max_value = config.get_double("max_value", 0.0);
    if (*params.max_value < 0.0) throw_bad_input(config.context(), "max_value must not be negative");
  }
  params.negative_slope = config.get_double("negative_slope", 0.0);
  params.threshold = config.get_double("threshold", 0.0);
  return std::make_unique<Relu>(config.name, params);
}

}  // namespace cerebro::model
