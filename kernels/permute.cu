#include "kernels/launch.cuh"
#include "kernels/permute.cuh"

namespace cerebro::kernels {

static __global__ void permute_kernel(int64_t n, int64_t pattern_size, PermuteGeometry g, const float* __restrict__ in,
                                      float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  int64_t rest = i % pattern_size;
  int64_t source = (i / pattern_size) * pattern_size;
  for (int d = g.rank - 1; d >= 0; --d) {
    source += (rest % g.out_dims[d]) * g.source_strides[d];
    rest /= g.out_dims[d];
  }
  out[i] = in[source];
}

static void launch_permute(cudaStream_t stream, int64_t n, int64_t pattern_size, const PermuteGeometry& geometry,
                           const float* in, float* out) {
  linear_launch(permute_kernel, stream, n, pattern_size, geometry, in, out);
}

void permute(cudaStream_t stream, int64_t patterns, int64_t pattern_size, const PermuteGeometry& geometry,
             const float* in, float* out) {
  launch_permute(stream, patterns * pattern_size, pattern_size, geometry, in, out);
}

}  // namespace cerebro::kernels
