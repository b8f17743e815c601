#include "kernels/activation_math.cuh"
#include "kernels/bias_activation.cuh"
#include "kernels/launch.cuh"

namespace cerebro::kernels {

template <model::Activation kActivation>
static __global__ void bias_activation_kernel(int64_t n, int64_t cols, float* __restrict__ values,
                                              const float* __restrict__ bias) {
  const int64_t i = thread_index();
  if (i >= n) return;
  float v = values[i];
  if (bias != nullptr) v += bias[i % cols];
  values[i] = activate(kActivation, v);
}

template <model::Activation kActivation>
static __global__ void activation_kernel(int64_t n, const float* in, float* out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  out[i] = activate(kActivation, in[i]);
}

// One launcher per activation (dispatch_activation picks it).
template <model::Activation kActivation>
struct BiasActivation {
  static void launch(cudaStream_t stream, int64_t n, int64_t cols, float* values, const float* bias) {
    linear_launch(bias_activation_kernel<kActivation>, stream, n, cols, values, bias);
  }
};

template <model::Activation kActivation>
struct Activate {
  static void launch(cudaStream_t stream, int64_t n, const float* in, float* out) {
    linear_launch(activation_kernel<kActivation>, stream, n, in, out);
  }
};

void bias_activation(cudaStream_t stream, int64_t rows, int64_t cols, float* values, const float* bias,
                     model::Activation activation) {
  if (bias == nullptr && activation == model::Activation::Linear) return;
  dispatch_activation<BiasActivation>(activation, stream, rows * cols, cols, values, bias);
}

void apply_activation(cudaStream_t stream, int64_t n, const float* in, float* out, model::Activation activation) {
  dispatch_activation<Activate>(activation, stream, n, in, out);
}

}  // namespace cerebro::kernels
