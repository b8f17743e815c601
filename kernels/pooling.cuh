#pragma once
// MaxPooling1D/2D and AveragePooling1D/2D over windows (channels_last), and their global forms.
// As TensorFlow: padded cells never win a max and are not counted in a mean.
#include <cuda_runtime_api.h>

#include <cstdint>

#include "kernels/window_geometry.cuh"

namespace cerebro::kernels {

// `in`: `patterns` (H, W, channels); `out`: (out_y, out_x, channels) per pattern.
void window_pool(cudaStream_t stream, int64_t patterns, const WindowGeometry& window, int64_t channels, bool max,
                 const float* in, float* out);

// One value per (pattern, channel) over `cells` cells (every step / every (y, x)); means sum in
// double, as the CPU's do.
void global_pool(cudaStream_t stream, int64_t patterns, int64_t cells, int64_t channels, bool max, const float* in,
                 float* out);

}  // namespace cerebro::kernels
