#include "compute/cuda/layer_geometry.hpp"

#include <algorithm>

#include "model/layers/layer_util.hpp"

namespace cerebro::compute::cuda {

SoftmaxExtent softmax_extent(const Shape& input, std::pair<int, int> range) {
  SoftmaxExtent extent;
  for (int d = 0; d < static_cast<int>(input.size()); ++d) {
    const int64_t dim = input[static_cast<size_t>(d)];
    (d < range.first ? extent.outer : d < range.second ? extent.axis : extent.inner) *= dim;
  }
  return extent;
}

PermuteMap permute_map(const Shape& input, const std::vector<int64_t>& dims) {
  const size_t rank = input.size();
  std::vector<int64_t> in_stride(rank, 1);
  for (size_t d = rank; d-- > 1;) in_stride[d - 1] = in_stride[d] * input[d];
  PermuteMap map;
  for (const int64_t from : dims) {
    const auto axis = static_cast<size_t>(from - 1);
    map.out_dims.push_back(input[axis]);
    map.source_strides.push_back(in_stride[axis]);
  }
  return map;
}

LayerNormGroups layer_norm_groups(const Shape& input, const std::vector<int>& axes) {
  std::vector<int> others;
  for (int d = 0; d < static_cast<int>(input.size()); ++d) {
    if (!std::binary_search(axes.begin(), axes.end(), d)) others.push_back(d);
  }
  LayerNormGroups g;
  for (const int d : others) g.groups *= input[static_cast<size_t>(d)];
  const int64_t size = element_count(input);
  g.group_size = size / g.groups;
  g.param_of = model::index_over_axes(input, axes);
  // Each group's members in C order: the order the CPU sums them in.
  const std::vector<int64_t> group_of = model::index_over_axes(input, others);
  std::vector<int64_t> filled(static_cast<size_t>(g.groups), 0);
  g.members.resize(static_cast<size_t>(size));
  for (int64_t i = 0; i < size; ++i) {
    const auto group = static_cast<size_t>(group_of[static_cast<size_t>(i)]);
    g.members[static_cast<size_t>(static_cast<int64_t>(group) * g.group_size + filled[group]++)] = i;
  }
  return g;
}

}  // namespace cerebro::compute::cuda
