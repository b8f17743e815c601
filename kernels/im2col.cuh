#pragma once
// The patch matrix a convolution feeds to cuBLAS: one row per output cell of each pattern, the
// columns grouped (group, ky, kx, channel within the group) so group g's patches are one
// contiguous block of columns (a strided batched GEMM takes every group at once). With one group
// the columns are (ky, kx, channel), the order of a Keras kernel (kh, kw, in, out).
#include <cuda_runtime_api.h>

#include <cstdint>

#include "kernels/window_geometry.cuh"

namespace cerebro::kernels {

// `in`: `patterns` (H, W, channels) patterns; `patches`: patterns * out cells rows of
// taps * channels values. Cells under the padding read as 0.
void im2col(cudaStream_t stream, int64_t patterns, const WindowGeometry& window, int64_t channels, int64_t groups,
            const float* in, float* patches);

}  // namespace cerebro::kernels
