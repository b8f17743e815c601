#include "model/layers/permute.hpp"

#include <algorithm>
#include <numeric>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Shape Permute::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  if (dims_.size() != inputs[0].size()) {
    throw_bad_input(layer_context(*this), "dims lists " + std::to_string(dims_.size()) + " axes, the input " +
                                              shape_tuple(inputs[0]) + " has " + std::to_string(inputs[0].size()));
  }
  Shape out;
  for (int64_t d : dims_) out.push_back(inputs[0][static_cast<size_t>(d - 1)]);
  return out;
}

void Permute::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const size_t rank = in.shape.size();
  // Input strides taken in output-axis order: walking the output in C order, the source index
  // advances by the stride of the input axis each output axis came from.
  std::vector<int64_t> in_stride(rank, 1);
  for (size_t d = rank - 1; d > 0; --d) in_stride[d - 1] = in_stride[d] * in.shape[d];
  std::vector<int64_t> stride(rank);
  for (size_t i = 0; i < rank; ++i) stride[i] = in_stride[static_cast<size_t>(dims_[i] - 1)];
  const int64_t size = in.pattern_size();
  std::vector<int64_t> position(rank, 0);
  for (int64_t n = 0; n < in.batch; ++n) {
    const float* src = in.data + n * size;
    float* dst = out.data + n * size;
    int64_t source = 0;
    std::fill(position.begin(), position.end(), 0);
    for (int64_t i = 0; i < size; ++i) {
      dst[i] = src[source];
      for (size_t d = rank; d-- > 0;) {
        if (++position[d] < out.shape[d]) {
          source += stride[d];
          break;
        }
        source -= stride[d] * (out.shape[d] - 1);
        position[d] = 0;
      }
    }
  }
}

std::unique_ptr<Layer> make_permute(const LayerConfig& config) {
  std::vector<int64_t> dims = int_list(config, "dims", {});
  std::vector<int64_t> sorted = dims;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int64_t> expected(dims.size());
  std::iota(expected.begin(), expected.end(), 1);
  if (dims.empty() || sorted != expected) {
    throw_bad_input(config.context(), "dims must be a permutation of 1..rank");
  }
  return std::make_unique<Permute>(config.name, std::move(dims));
}

}  // namespace cerebro::model
