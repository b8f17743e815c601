#include "kernels/activation_math.cuh"
#include "kernels/launch.cuh"
#include "kernels/pooling.cuh"

namespace cerebro::kernels {

static __global__ void window_pool_kernel(int64_t n, WindowGeometry w, int64_t channels, bool max,
                                          const float* __restrict__ in, float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t c = i % channels;
  const int64_t cell = i / channels;
  const int64_t ox = cell % w.x.out;
  const int64_t oy = (cell / w.x.out) % w.y.out;
  const int64_t pattern = cell / (w.x.out * w.y.out);
  const float* image = in + pattern * w.y.in * w.x.in * channels + c;
  float result = max ? -INFINITY : 0.0f;
  int cells = 0;
  for (int64_t ky = 0; ky < w.y.kernel; ++ky) {
    const int64_t iy = oy * w.y.stride + ky - w.y.pad_before;
    if (iy < 0 || iy >= w.y.in) continue;
    for (int64_t kx = 0; kx < w.x.kernel; ++kx) {
      const int64_t ix = ox * w.x.stride + kx - w.x.pad_before;
      if (ix < 0 || ix >= w.x.in) continue;
      const float v = image[(iy * w.x.in + ix) * channels];
      ++cells;
      result = max ? std_max(result, v) : result + v;
    }
  }
  out[i] = max ? result : result * (1.0f / static_cast<float>(cells));
}

static __global__ void global_pool_kernel(int64_t n, int64_t cells, int64_t channels, bool max,
                                          const float* __restrict__ in, float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const float* values = in + (i / channels) * cells * channels + i % channels;
  if (max) {
    float result = -INFINITY;
    for (int64_t k = 0; k < cells; ++k) result = std_max(result, values[k * channels]);
    out[i] = result;
  } else {
    double sum = 0.0;
    for (int64_t k = 0; k < cells; ++k) sum += values[k * channels];
    out[i] = static_cast<float>(sum / static_cast<double>(cells));
  }
}

static void launch_window_pool(cudaStream_t stream, int64_t n, const WindowGeometry& window, int64_t channels, bool max,
                               const float* in, float* out) {
  linear_launch(window_pool_kernel, stream, n, window, channels, max, in, out);
}

static void launch_global_pool(cudaStream_t stream, int64_t n, int64_t cells, int64_t channels, bool max,
                               const float* in, float* out) {
  linear_launch(global_pool_kernel, stream, n, cells, channels, max, in, out);
}

void window_pool(cudaStream_t stream, int64_t patterns, const WindowGeometry& window, int64_t channels, bool max,
                 const float* in, float* out) {
  launch_window_pool(stream, patterns * window.y.out * window.x.out * channels, window, channels, max, in, out);
}

void global_pool(cudaStream_t stream, int64_t patterns, int64_t cells, int64_t channels, bool max, const float* in,
                 float* out) {
  launch_global_pool(stream, patterns * channels, cells, channels, max, in, out);
}

}  // namespace cerebro::kernels
