#include "model/layers/concatenate.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Shape Concatenate::infer_shape(std::span<const Shape> inputs) const {
  if (inputs.empty()) throw_bad_input(layer_context(*this), "needs at least one input");
  const auto axis = static_cast<size_t>(keras_axis_to_pattern(keras_axis_, inputs[0].size(), layer_context(*this)));
  Shape out = inputs[0];
  out[axis] = 0;
  for (const Shape& in : inputs) {
    bool fits = in.size() == out.size();
    for (size_t d = 0; fits && d < in.size(); ++d) fits = d == axis || in[d] == out[d];
    if (!fits) {
      throw_bad_input(layer_context(*this), "inputs of shapes " + shape_tuple(inputs[0]) + " and " + shape_tuple(in) +
                                                " do not concatenate along axis " + std::to_string(keras_axis_));
    }
    out[axis] += in[axis];
  }
  return out;
}

void Concatenate::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const auto axis = static_cast<size_t>(keras_axis_to_pattern(keras_axis_, out.shape.size(), layer_context(*this)));
  int64_t inner = 1;  // values per step of the axis
  for (size_t d = axis + 1; d < out.shape.size(); ++d) inner *= out.shape[d];
  const int64_t outer = out.batch * out.pattern_size() / (out.shape[axis] * inner);  // batch included
  const int64_t out_block = out.shape[axis] * inner;
  int64_t offset = 0;
  for (const BatchView& in : inputs) {
    const int64_t block = in.shape[axis] * inner;
    for (int64_t o = 0; o < outer; ++o) std::copy_n(in.data + o * block, block, out.data + o * out_block + offset);
    offset += block;
  }
}

std::unique_ptr<Layer> make_concatenate(const LayerConfig& config) {
  return std::make_unique<Concatenate>(config.name, config.get_int("axis", -1));
}

}  // namespace cerebro::model
