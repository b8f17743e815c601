#include "kernels/launch.cuh"
#include "kernels/mapped_affine.cuh"

namespace cerebro::kernels {

static __global__ void batch_norm_kernel(int64_t n, int64_t pattern_size, const int32_t* __restrict__ map,
                                         const float* __restrict__ mean, const float* __restrict__ factor,
                                         const float* __restrict__ offset, const float* in, float* out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int32_t p = map[i % pattern_size];
  out[i] = (in[i] - mean[p]) * factor[p] + offset[p];
}

static __global__ void prelu_kernel(int64_t n, int64_t pattern_size, const int32_t* __restrict__ map,
                                    const float* __restrict__ alpha, const float* in, float* out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const float x = in[i];
  out[i] = x >= 0.0f ? x : alpha[map[i % pattern_size]] * x;
}

static void launch_batch_norm(cudaStream_t stream, int64_t n, int64_t pattern_size, const int32_t* map,
                              const float* mean, const float* factor, const float* offset, const float* in,
                              float* out) {
  linear_launch(batch_norm_kernel, stream, n, pattern_size, map, mean, factor, offset, in, out);
}

static void launch_prelu(cudaStream_t stream, int64_t n, int64_t pattern_size, const int32_t* map, const float* alpha,
                         const float* in, float* out) {
  linear_launch(prelu_kernel, stream, n, pattern_size, map, alpha, in, out);
}

void batch_norm(cudaStream_t stream, int64_t n, int64_t pattern_size, const int32_t* map, const float* mean,
                const float* factor, const float* offset, const float* in, float* out) {
  launch_batch_norm(stream, n, pattern_size, map, mean, factor, offset, in, out);
}

void prelu(cudaStream_t stream, int64_t n, int64_t pattern_size, const int32_t* map, const float* alpha,
           const float* in, float* out) {
  launch_prelu(stream, n, pattern_size, map, alpha, in, out);
}

}  // namespace cerebro::kernels
