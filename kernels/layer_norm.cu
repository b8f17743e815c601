#include "kernels/launch.cuh"
#include "kernels/layer_norm.cuh"

namespace cerebro::kernels {

constexpr int kWarp = 32;
constexpr unsigned kAllLanes = 0xffffffffu;

static __device__ double warp_sum(double v) {
  for (int offset = kWarp / 2; offset > 0; offset /= 2) v += __shfl_xor_sync(kAllLanes, v, offset);
  return v;
}

// One warp per (pattern, group); n = patterns * groups * 32 threads, so warps return whole.
static __global__ void layer_norm_kernel(int64_t n, LayerNormGeometry g, double epsilon,
                                         const float* __restrict__ gamma, const float* __restrict__ beta,
                                         const float* __restrict__ in, float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t warp = i / kWarp;
  const int lane = static_cast<int>(i % kWarp);
  const int64_t pattern = warp / g.groups;
  const int32_t* members = g.members + (warp % g.groups) * g.group_size;
  const float* x = in + pattern * g.pattern_size;
  float* y = out + pattern * g.pattern_size;
  double mean = 0.0;
  for (int64_t k = lane; k < g.group_size; k += kWarp) mean += x[members[k]];
  mean = warp_sum(mean) / static_cast<double>(g.group_size);
  double variance = 0.0;
  for (int64_t k = lane; k < g.group_size; k += kWarp) {
    const double d = x[members[k]] - mean;
    variance += d * d;
  }
  const double inv_std = 1.0 / sqrt(warp_sum(variance) / static_cast<double>(g.group_size) + epsilon);
  for (int64_t k = lane; k < g.group_size; k += kWarp) {
    const int32_t j = members[k];
    double v = (x[j] - mean) * inv_std;
    if (gamma != nullptr) v *= gamma[g.param_of[j]];
    if (beta != nullptr) v += beta[g.param_of[j]];
    y[j] = static_cast<float>(v);
  }
}

static void launch_layer_norm(cudaStream_t stream, int64_t n, const LayerNormGeometry& geometry, double epsilon,
                              const float* gamma, const float* beta, const float* in, float* out) {
  linear_launch(layer_norm_kernel, stream, n, geometry, epsilon, gamma, beta, in, out);
}

void layer_norm(cudaStream_t stream, int64_t patterns, const LayerNormGeometry& geometry, double epsilon,
                const float* gamma, const float* beta, const float* in, float* out) {
  launch_layer_norm(stream, patterns * geometry.groups * kWarp, geometry, epsilon, gamma, beta, in, out);
}

}  // namespace cerebro::kernels
