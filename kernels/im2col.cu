#include "kernels/im2col.cuh"
#include "kernels/launch.cuh"

namespace cerebro::kernels {

static __global__ void im2col_kernel(int64_t n, WindowGeometry w, int64_t channels, int64_t group_channels,
                                     const float* __restrict__ in, float* __restrict__ patches) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t taps = w.y.kernel * w.x.kernel;
  const int64_t row_length = taps * channels;  // every group's columns
  const int64_t row = i / row_length;
  int64_t column = i % row_length;
  const int64_t depth = taps * group_channels;
  const int64_t group = column / depth;
  column %= depth;
  const int64_t tap = column / group_channels;
  const int64_t channel = group * group_channels + column % group_channels;
  const int64_t cells = w.y.out * w.x.out;
  const int64_t pattern = row / cells;
  const int64_t cell = row % cells;
  const int64_t iy = (cell / w.x.out) * w.y.stride + (tap / w.x.kernel) * w.y.dilation - w.y.pad_before;
  const int64_t ix = (cell % w.x.out) * w.x.stride + (tap % w.x.kernel) * w.x.dilation - w.x.pad_before;
  const bool inside = iy >= 0 && iy < w.y.in && ix >= 0 && ix < w.x.in;
  patches[i] = inside ? in[((pattern * w.y.in + iy) * w.x.in + ix) * channels + channel] : 0.0f;
}

static void launch_im2col(cudaStream_t stream, int64_t n, const WindowGeometry& window, int64_t channels,
                          int64_t group_channels, const float* in, float* patches) {
  linear_launch(im2col_kernel, stream, n, window, channels, group_channels, in, patches);
}

void im2col(cudaStream_t stream, int64_t patterns, const WindowGeometry& window, int64_t channels, int64_t groups,
            const float* in, float* patches) {
  const int64_t n = patterns * window.y.out * window.x.out * window.y.kernel * window.x.kernel * channels;
  launch_im2col(stream, n, window, channels, channels / groups, in, patches);
}

}  // namespace cerebro::kernels
