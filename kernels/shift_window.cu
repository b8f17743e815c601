#include "kernels/launch.cuh"
#include "kernels/shift_window.cuh"

namespace cerebro::kernels {

static __global__ void shift_window_kernel(int64_t n, PlaneShape in_shape, PlaneShape out_shape, int64_t shift_y,
                                           int64_t shift_x, const float* __restrict__ in, float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t c = i % out_shape.channels;
  const int64_t cell = i / out_shape.channels;
  const int64_t x = cell % out_shape.width + shift_x;
  const int64_t y = (cell / out_shape.width) % out_shape.height + shift_y;
  const int64_t pattern = cell / (out_shape.width * out_shape.height);
  const bool inside = y >= 0 && y < in_shape.height && x >= 0 && x < in_shape.width;
  out[i] = inside ? in[((pattern * in_shape.height + y) * in_shape.width + x) * in_shape.channels + c] : 0.0f;
}

static void launch_shift_window(cudaStream_t stream, int64_t n, const PlaneShape& in_shape, const PlaneShape& out_shape,
                                int64_t shift_y, int64_t shift_x, const float* in, float* out) {
  linear_launch(shift_window_kernel, stream, n, in_shape, out_shape, shift_y, shift_x, in, out);
}

void shift_window(cudaStream_t stream, int64_t patterns, const PlaneShape& in_shape, const PlaneShape& out_shape,
                  int64_t shift_y, int64_t shift_x, const float* in, float* out) {
  const int64_t n = patterns * out_shape.height * out_shape.width * out_shape.channels;
  launch_shift_window(stream, n, in_shape, out_shape, shift_y, shift_x, in, out);
}

}  // namespace cerebro::kernels
