#include "model/layers/prelu.hpp"

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Prelu::Prelu(std::string name, std::vector<int64_t> shared_axes)
    : Layer(std::move(name), "PReLU"), shared_axes_(std::move(shared_axes)) {}

Shape Prelu::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  for (int64_t axis : shared_axes_) {
    if (axis < 1 || axis > static_cast<int64_t>(inputs[0].size())) {
      throw_bad_input(layer_context(*this), "shared axis " + std::to_string(axis) + " is out of range for inputs of shape " +
                                                shape_tuple(inputs[0]));
    }
  }
  return inputs[0];
}

std::vector<Shape> Prelu::expected_weight_shapes(std::span<const Shape> inputs) const {
  Shape alpha = inputs[0];
  for (int64_t axis : shared_axes_) alpha[static_cast<size_t>(axis - 1)] = 1;
  return {alpha};
}

void Prelu::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  std::vector<int> varying;  // the axes alpha varies along
  const Shape alpha_shape = weights().at(0).shape;
  for (size_t d = 0; d < alpha_shape.size(); ++d) {
    if (alpha_shape[d] != 1) varying.push_back(static_cast<int>(d));
  }
  const std::vector<int64_t> alpha_of = index_over_axes(in.shape, varying);
  const float* alpha = weight_data(0);
  const int64_t size = in.pattern_size();
  for (int64_t n = 0; n < in.batch; ++n) {
    const float* x = in.data + n * size;
    float* y = out.data + n * size;
    for (int64_t i = 0; i < size; ++i) y[i] = x[i] >= 0.0f ? x[i] : alpha[alpha_of[static_cast<size_t>(i)]] * x[i];
  }
}

std::unique_ptr<Layer> make_prelu(const LayerConfig& config) {
  return std::make_unique<Prelu>(config.name, int_list(config, "shared_axes", {}));
}

}  // namespace cerebro::model
