#pragma once
// DepthwiseConv2D (and SeparableConv2D's first step): each input channel c convolved with its own
// `multiplier` kernels into output channels c * multiplier + m (TensorFlow's order). No bias.
#include <cuda_runtime_api.h>

#include <cstdint>

#include "kernels/window_geometry.cuh"

namespace cerebro::kernels {

// `in`: `patterns` (H, W, channels); `kernel`: Keras' (kh, kw, channels, multiplier); `out`:
// (out_y, out_x, channels * multiplier) per pattern.
void depthwise_conv(cudaStream_t stream, int64_t patterns, const WindowGeometry& window, int64_t channels,
                    int64_t multiplier, const float* in, const float* kernel, float* out);

}  // namespace cerebro::kernels
