#pragma once
// UpSampling1D/2D (nearest: each cell repeated) and bilinear resampling of a window as
// tf.image.resize(method="bilinear") computes it (UpSampling2D bilinear, RandomCrop at inference).
#include <cuda_runtime_api.h>

#include <cstdint>

#include "kernels/shift_window.cuh"

namespace cerebro::kernels {

// out (y, x) = in (y / factor_y, x / factor_x).
void upsample_nearest(cudaStream_t stream, int64_t patterns, const PlaneShape& in_shape, int64_t factor_y,
                      int64_t factor_x, const float* in, float* out);

// One axis' interpolation taps (model/layers/resize.cpp's, computed on the host): output cell o
// reads lower[o] and upper[o] (window coordinates) with weight lerp[o] on upper.
struct BilinearTaps {
  const int32_t* lower = nullptr;
  const int32_t* upper = nullptr;
  const float* lerp = nullptr;
};

// Resizes the window at (y0, x0) of each `in_shape` pattern to `out_shape` (same channels).
void resize_bilinear(cudaStream_t stream, int64_t patterns, const PlaneShape& in_shape, const PlaneShape& out_shape,
                     int64_t y0, int64_t x0, BilinearTaps ys, BilinearTaps xs, const float* in, float* out);

}  // namespace cerebro::kernels
