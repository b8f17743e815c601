#include "kernels/launch.cuh"
#include "kernels/write_view.cuh"

namespace cerebro::kernels {

static __device__ float texel_value(int64_t i, const CellView& view, const float* values) {
  if (i >= view.count) return 0.0f;
  return values[view.offset + (i / view.cols) * view.row_stride + (i % view.cols) * view.col_stride];
}

static __global__ void write_surface_kernel(int64_t n, CellView view, const float* __restrict__ values,
                                            cudaSurfaceObject_t surface) {
  const int64_t i = thread_index();
  if (i >= n) return;
  // x is in bytes for surface writes; y in rows.
  surf2Dwrite(texel_value(i, view, values), surface, static_cast<int>((i % view.cols) * sizeof(float)),
              static_cast<int>(i / view.cols));
}

static __global__ void write_buffer_kernel(int64_t n, CellView view, const float* __restrict__ values,
                                           float* __restrict__ texels) {
  const int64_t i = thread_index();
  if (i >= n) return;
  texels[i] = texel_value(i, view, values);
}

static void launch_write_surface(cudaStream_t stream, int64_t n, const CellView& view, const float* values,
                                 cudaSurfaceObject_t surface) {
  linear_launch(write_surface_kernel, stream, n, view, values, surface);
}

static void launch_write_buffer(cudaStream_t stream, int64_t n, const CellView& view, const float* values,
                                float* texels) {
  linear_launch(write_buffer_kernel, stream, n, view, values, texels);
}

void write_view_to_surface(cudaStream_t stream, const CellView& view, const float* values, uint64_t surface) {
  launch_write_surface(stream, view.rows * view.cols, view, values, static_cast<cudaSurfaceObject_t>(surface));
}

void write_view_to_buffer(cudaStream_t stream, const CellView& view, const float* values, float* texels) {
  launch_write_buffer(stream, view.rows * view.cols, view, values, texels);
}

}  // namespace cerebro::kernels
