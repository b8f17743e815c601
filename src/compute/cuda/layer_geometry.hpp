#pragma once
// The index geometry the CUDA kernels of Softmax, LayerNormalization and Permute take, worked out
// on the host once per plan. Plain C++ with no CUDA type, so a test can check it against the CPU
// layers without a GPU (tests/compute/cuda_geometry_test.cpp).
#include <cstdint>
#include <utility>
#include <vector>

#include "core/shape.hpp"

namespace cerebro::compute::cuda {

// A pattern of `input` seen as outer x axis x inner values (C order), the softmax running along
// the middle extent: `range` is Softmax::axis_range (first and one-past-last pattern axis).
struct SoftmaxExtent {
  int64_t outer = 1;  // per pattern
  int64_t axis = 1;
  int64_t inner = 1;
};
SoftmaxExtent softmax_extent(const Shape& input, std::pair<int, int> range);

// Output value i of a pattern (C order over the output's dims) reads input value
// sum_d coordinate_d(i) * source_strides[d]: the input's stride of the axis output axis d came from.
struct PermuteMap {
  std::vector<int64_t> out_dims;
  std::vector<int64_t> source_strides;
};
// `dims` as Keras lists them (1-based input axes).
PermuteMap permute_map(const Shape& input, const std::vector<int64_t>& dims);

// LayerNormalization over `axes` (sorted pattern axes): the pattern splits into `groups` groups
// of `group_size` values each (the values sharing their coordinates on the other axes).
struct LayerNormGroups {
  int64_t groups = 1;
  int64_t group_size = 0;
  std::vector<int64_t> members;   // groups x group_size pattern indices, group by group, C order
  std::vector<int64_t> param_of;  // per pattern index: its gamma/beta index
};
LayerNormGroups layer_norm_groups(const Shape& input, const std::vector<int>& axes);

}  // namespace cerebro::compute::cuda
