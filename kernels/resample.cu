#include "kernels/launch.cuh"
#include "kernels/resample.cuh"

namespace cerebro::kernels {

static __global__ void upsample_nearest_kernel(int64_t n, PlaneShape in_shape, int64_t factor_y, int64_t factor_x,
                                               const float* __restrict__ in, float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t c = i % in_shape.channels;
  const int64_t cell = i / in_shape.channels;
  const int64_t out_width = in_shape.width * factor_x;
  const int64_t out_height = in_shape.height * factor_y;
  const int64_t x = (cell % out_width) / factor_x;
  const int64_t y = ((cell / out_width) % out_height) / factor_y;
  const int64_t pattern = cell / (out_width * out_height);
  out[i] = in[((pattern * in_shape.height + y) * in_shape.width + x) * in_shape.channels + c];
}

// The lerps as resize.cpp computes them: top and bottom rows along x, then between them along y.
static __global__ void resize_bilinear_kernel(int64_t n, PlaneShape in_shape, PlaneShape out_shape, int64_t y0,
                                              int64_t x0, BilinearTaps ys, BilinearTaps xs,
                                              const float* __restrict__ in, float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t c = i % out_shape.channels;
  const int64_t cell = i / out_shape.channels;
  const int64_t ox = cell % out_shape.width;
  const int64_t oy = (cell / out_shape.width) % out_shape.height;
  const int64_t pattern = cell / (out_shape.width * out_shape.height);
  const float* image = in + pattern * in_shape.height * in_shape.width * in_shape.channels + c;
  auto at = [&](int64_t y, int64_t x) { return image[((y0 + y) * in_shape.width + x0 + x) * in_shape.channels]; };
  const float top_left = at(ys.lower[oy], xs.lower[ox]);
  const float top_right = at(ys.lower[oy], xs.upper[ox]);
  const float bottom_left = at(ys.upper[oy], xs.lower[ox]);
  const float bottom_right = at(ys.upper[oy], xs.upper[ox]);
  const float top = top_left + (top_right - top_left) * xs.lerp[ox];
  const float bottom = bottom_left + (bottom_right - bottom_left) * xs.lerp[ox];
  out[i] = top + (bottom - top) * ys.lerp[oy];
}

static void launch_upsample_nearest(cudaStream_t stream, int64_t n, const PlaneShape& in_shape, int64_t factor_y,
                                    int64_t factor_x, const float* in, float* out) {
  linear_launch(upsample_nearest_kernel, stream, n, in_shape, factor_y, factor_x, in, out);
}

static void launch_resize_bilinear(cudaStream_t stream, int64_t n, const PlaneShape& in_shape,
                                   const PlaneShape& out_shape, int64_t y0, int64_t x0, BilinearTaps ys,
                                   BilinearTaps xs, const float* in, float* out) {
  linear_launch(resize_bilinear_kernel, stream, n, in_shape, out_shape, y0, x0, ys, xs, in, out);
}

void upsample_nearest(cudaStream_t stream, int64_t patterns, const PlaneShape& in_shape, int64_t factor_y,
                      int64_t factor_x, const float* in, float* out) {
  const int64_t n = patterns * in_shape.height * factor_y * in_shape.width * factor_x * in_shape.channels;
  launch_upsample_nearest(stream, n, in_shape, factor_y, factor_x, in, out);
}

void resize_bilinear(cudaStream_t stream, int64_t patterns, const PlaneShape& in_shape, const PlaneShape& out_shape,
                     int64_t y0, int64_t x0, BilinearTaps ys, BilinearTaps xs, const float* in, float* out) {
  const int64_t n = patterns * out_shape.height * out_shape.width * out_shape.channels;
  launch_resize_bilinear(stream, n, in_shape, out_shape, y0, x0, ys, xs, in, out);
}

}  // namespace cerebro::kernels
