#pragma once
// Keras LayerNormalization: each group of a pattern (the values sharing their coordinates on the
// axes NOT normalised) is normalised with its own mean and variance, then scaled and shifted by
// gamma/beta indexed by the normalised axes. Statistics in double, as the CPU's.
#include <cuda_runtime_api.h>

#include <cstdint>

namespace cerebro::kernels {

struct LayerNormGeometry {
  int64_t pattern_size = 0;
  int64_t groups = 1;                 // per pattern
  int64_t group_size = 0;             // values per group
  const int32_t* members = nullptr;   // groups x group_size pattern indices, group by group
  const int32_t* param_of = nullptr;  // per pattern index: its gamma/beta index
};

// gamma and beta may be null (scale=False, center=False).
void layer_norm(cudaStream_t stream, int64_t patterns, const LayerNormGeometry& geometry, double epsilon,
                const float* gamma, const float* beta, const float* in, float* out);

}  // namespace cerebro::kernels
