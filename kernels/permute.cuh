#pragma once
// Keras Permute: output axis d is input axis dims[d]; a gather with the input's strides taken in
// output-axis order.
#include <cuda_runtime_api.h>

#include <cstdint>

namespace cerebro::kernels {

constexpr int kMaxPermuteRank = 8;

struct PermuteGeometry {
  int rank = 0;
  int64_t out_dims[kMaxPermuteRank] = {};
  int64_t source_strides[kMaxPermuteRank] = {};  // the stride in the input of output axis d
};

void permute(cudaStream_t stream, int64_t patterns, int64_t pattern_size, const PermuteGeometry& geometry,
             const float* in, float* out);

}  // namespace cerebro::kernels
