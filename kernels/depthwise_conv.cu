#include "kernels/depthwise_conv.cuh"
#include "kernels/launch.cuh"

namespace cerebro::kernels {

static __global__ void depthwise_conv_kernel(int64_t n, WindowGeometry w, int64_t channels, int64_t multiplier,
                                             const float* __restrict__ in, const float* __restrict__ kernel,
                                             float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t out_channels = channels * multiplier;
  const int64_t oc = i % out_channels;
  const int64_t cell = i / out_channels;  // over every pattern
  const int64_t ox = cell % w.x.out;
  const int64_t oy = (cell / w.x.out) % w.y.out;
  const int64_t pattern = cell / (w.x.out * w.y.out);
  const float* image = in + pattern * w.y.in * w.x.in * channels + oc / multiplier;
  float sum = 0.0f;
  for (int64_t ky = 0; ky < w.y.kernel; ++ky) {
    const int64_t iy = oy * w.y.stride + ky * w.y.dilation - w.y.pad_before;
    if (iy < 0 || iy >= w.y.in) continue;
    for (int64_t kx = 0; kx < w.x.kernel; ++kx) {
      const int64_t ix = ox * w.x.stride + kx * w.x.dilation - w.x.pad_before;
      if (ix < 0 || ix >= w.x.in) continue;
      sum += image[(iy * w.x.in + ix) * channels] * kernel[(ky * w.x.kernel + kx) * out_channels + oc];
    }
  }
  out[i] = sum;
}

static void launch_depthwise_conv(cudaStream_t stream, int64_t n, const WindowGeometry& window, int64_t channels,
                                  int64_t multiplier, const float* in, const float* kernel, float* out) {
  linear_launch(depthwise_conv_kernel, stream, n, window, channels, multiplier, in, kernel, out);
}

void depthwise_conv(cudaStream_t stream, int64_t patterns, const WindowGeometry& window, int64_t channels,
                    int64_t multiplier, const float* in, const float* kernel, float* out) {
  const int64_t n = patterns * window.y.out * window.x.out * channels * multiplier;
  launch_depthwise_conv(stream, n, window, channels, multiplier, in, kernel, out);
}

}  // namespace cerebro::kernels
