#include "kernels/launch.cuh"
#include "kernels/pointwise.cuh"

namespace cerebro::kernels {

// model::Relu::apply, in double.
static __device__ float relu(const PointwiseParams& p, float x) {
  const double v = x;
  double y = p.threshold != 0.0 ? (v > p.threshold ? v : 0.0) : (v < 0.0 ? 0.0 : v);
  if (p.has_max) y = y < 0.0 ? 0.0 : p.max_value < y ? p.max_value : y;
  if (p.negative_slope != 0.0) {
    const double below = p.threshold - v;
    y -= p.negative_slope * (below < 0.0 ? 0.0 : below);
  }
  return static_cast<float>(y);
}

static __global__ void pointwise_kernel(int64_t n, PointwiseParams p, const float* in, float* out) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const float x = in[i];
  switch (p.kind) {
    case PointwiseKind::Relu:
      out[i] = relu(p, x);
      return;
    case PointwiseKind::LeakyRelu:
      out[i] = x >= 0.0f ? x : p.slope * x;
      return;
    case PointwiseKind::Elu:
      out[i] = x > 0.0f ? x : p.alpha * expm1f(x);
      return;
    case PointwiseKind::Rescale:
      out[i] = x * p.scale + p.offset;
      return;
  }
}

static void launch_pointwise(cudaStream_t stream, int64_t n, const PointwiseParams& params, const float* in,
                             float* out) {
  linear_launch(pointwise_kernel, stream, n, params, in, out);
}

void pointwise(cudaStream_t stream, int64_t n, const PointwiseParams& params, const float* in, float* out) {
  launch_pointwise(stream, n, params, in, out);
}

}  // namespace cerebro::kernels
