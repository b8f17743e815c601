#pragma once
// Element-wise ops whose parameters vary along some axes of the pattern: a per-value index map
// (model::index_over_axes, uploaded once) picks each value's parameter. BatchNormalization at
// inference and PReLU.
#include <cuda_runtime_api.h>

#include <cstdint>

namespace cerebro::kernels {

// y = (x - mean[p]) * factor[p] + offset[p], p = map[i % pattern_size].
void batch_norm(cudaStream_t stream, int64_t n, int64_t pattern_size, const int32_t* map, const float* mean,
                const float* factor, const float* offset, const float* in, float* out);

// y = x >= 0 ? x : alpha[p] * x, p = map[i % pattern_size].
void prelu(cudaStream_t stream, int64_t n, int64_t pattern_size, const int32_t* map, const float* alpha,
           const float* in, float* out);

}  // namespace cerebro::kernels
