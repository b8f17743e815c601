#pragma once
// ZeroPadding1D/2D and Cropping1D/2D in one copy: output cell (y, x) reads input cell
// (y + shift_y, x + shift_x), and zero where that falls outside the input (channels_last; a 1-D
// layer is a plane of height 1).
#include <cuda_runtime_api.h>

#include <cstdint>

namespace cerebro::kernels {

struct PlaneShape {
  int64_t height = 1;
  int64_t width = 1;
  int64_t channels = 1;
};

void shift_window(cudaStream_t stream, int64_t patterns, const PlaneShape& in_shape, const PlaneShape& out_shape,
                  int64_t shift_y, int64_t shift_x, const float* in, float* out);

}  // namespace cerebro::kernels
