#pragma once
// Keras' element-wise merges (Add, Subtract, Multiply, Average, Maximum, Minimum), one input at a
// time into the output, with Keras' broadcasting through a per-value index map.
#include <cuda_runtime_api.h>

#include <cstdint>

namespace cerebro::kernels {

enum class MergeKind { Add, Subtract, Multiply, Maximum, Minimum };

// For the n output values (patterns of out_size): v = in[pattern * in_size + (map ? map[j] : j)],
// j = i % out_size; out[i] = first ? v : combine(out[i], v).
void merge_into(cudaStream_t stream, int64_t n, int64_t out_size, int64_t in_size, const int32_t* map, MergeKind kind,
                bool first, const float* in, float* out);

// out[i] /= divisor (Average, after every input is summed).
void divide(cudaStream_t stream, int64_t n, float divisor, float* out);

}  // namespace cerebro::kernels
