#include "kernels/activation_math.cuh"
#include "kernels/launch.cuh"
#include "kernels/small_dense.cuh"

namespace cerebro::kernels {

// One thread per output; neighbouring threads read neighbouring kernel columns (coalesced) and
// the same input row (a broadcast).
template <model::Activation kActivation>
static __global__ void small_dense_kernel(int64_t n, int64_t features, int64_t units, const float* __restrict__ in,
                                          const float* __restrict__ kernel, const float* __restrict__ bias,
                                          float* __restrict__ out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t u = i % units;
  const float* row = in + (i / units) * features;
  float sum = 0.0f;
  for (int64_t k = 0; k < features; ++k) sum += row[k] * kernel[k * units + u];
  if (bias != nullptr) sum += bias[u];
  out[i] = activate(kActivation, sum);
}

template <model::Activation kActivation>
struct SmallDense {
  static void launch(cudaStream_t stream, int64_t n, int64_t features, int64_t units, const float* in,
                     const float* kernel, const float* bias, float* out) {
    linear_launch(small_dense_kernel<kActivation>, stream, n, features, units, in, kernel, bias, out);
  }
};

void small_dense(cudaStream_t stream, int64_t rows, int64_t features, int64_t units, const float* in,
                 const float* kernel, const float* bias, float* out, model::Activation activation) {
  dispatch_activation<SmallDense>(activation, stream, rows * units, features, units, in, kernel, bias, out);
}

}  // namespace cerebro::kernels
