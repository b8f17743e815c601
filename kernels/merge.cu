#include "kernels/activation_math.cuh"
#include "kernels/launch.cuh"
#include "kernels/merge.cuh"

namespace cerebro::kernels {

static __global__ void merge_kernel(int64_t n, int64_t out_size, int64_t in_size, const int32_t* __restrict__ map,
                                    MergeKind kind, bool first, const float* __restrict__ in, float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t j = i % out_size;
  const float v = in[(i / out_size) * in_size + (map != nullptr ? map[j] : j)];
  if (first) {
    out[i] = v;
    return;
  }
  const float a = out[i];
  switch (kind) {
    case MergeKind::Add:
      out[i] = a + v;
      return;
    case MergeKind::Subtract:
      out[i] = a - v;
      return;
    case MergeKind::Multiply:
      out[i] = a * v;
      return;
    case MergeKind::Maximum:
      out[i] = std_max(a, v);
      return;
    case MergeKind::Minimum:
      out[i] = std_min(a, v);
      return;
  }
}

static __global__ void divide_kernel(int64_t n, float divisor, float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  out[i] /= divisor;
}

static void launch_merge(cudaStream_t stream, int64_t n, int64_t out_size, int64_t in_size, const int32_t* map,
                         MergeKind kind, bool first, const float* in, float* out) {
  linear_launch(merge_kernel, stream, n, out_size, in_size, map, kind, first, in, out);
}

static void launch_divide(cudaStream_t stream, int64_t n, float divisor, float* out) {
  linear_launch(divide_kernel, stream, n, divisor, out);
}

void merge_into(cudaStream_t stream, int64_t n, int64_t out_size, int64_t in_size, const int32_t* map, MergeKind kind,
                bool first, const float* in, float* out) {
  launch_merge(stream, n, out_size, in_size, map, kind, first, in, out);
}

void divide(cudaStream_t stream, int64_t n, float divisor, float* out) { launch_divide(stream, n, divisor, out); }

}  // namespace cerebro::kernels
