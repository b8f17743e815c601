#include "model/layers/softmax.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/activation.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

std::pair<int, int> Softmax::axis_range(const Shape& input) const {
  std::vector<int> axes;
  for (int64_t axis : keras_axes_) axes.push_back(keras_axis_to_pattern(axis, input.size(), layer_context(*this)));
  std::sort(axes.begin(), axes.end());
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  if (axes.back() - axes.front() + 1 != static_cast<int>(axes.size())) {
    throw_unsupported(layer_context(*this), "a softmax over axes that are not adjacent is not supported");
  }
  return {axes.front(), axes.back() + 1};
}

Shape Softmax::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  axis_range(inputs[0]);
  return inputs[0];
}

void Softmax::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const auto [first, last] = axis_range(in.shape);
  int64_t outer = in.batch, axis = 1, inner = 1;
  for (int d = 0; d < static_cast<int>(in.shape.size()); ++d) {
    const int64_t dim = in.shape[static_cast<size_t>(d)];
    (d < first ? outer : d < last ? axis : inner) *= dim;
  }
  copy_batch(in, out);
  softmax_axis(out.data, outer, axis, inner);
}

std::unique_ptr<Layer> make_softmax(const LayerConfig& config) {
  std::vector<int64_t> axes = int_list(config, "axis", {-1});
  if (axes.empty()) throw_bad_input(config.context(), "axis lists no axis");
  return std::make_unique<Softmax>(config.name, std::move(axes));
}

}  // namespace cerebro::model
