#include "kernels/activation_math.cuh"
#include "kernels/launch.cuh"
#include "kernels/softmax.cuh"

namespace cerebro::kernels {

constexpr int kWarp = 32;
constexpr unsigned kAllLanes = 0xffffffffu;

// One warp per (o, i) group: n = groups * 32 threads, so whole warps return together and every
// lane of a live warp takes part in the shuffles.
static __global__ void softmax_kernel(int64_t n, int64_t axis, int64_t inner, const float* in,
                                      const float* __restrict__ bias, float* out, bool log_output) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int64_t group = i / kWarp;
  const int lane = static_cast<int>(i % kWarp);
  const int64_t o = group / inner;
  const int64_t base = o * axis * inner + group % inner;
  auto value = [&](int64_t a) { return in[base + a * inner] + (bias != nullptr ? bias[a] : 0.0f); };

  float peak = -INFINITY;  // subtracting the max keeps exp finite
  for (int64_t a = lane; a < axis; a += kWarp) peak = std_max(peak, value(a));
  for (int offset = kWarp / 2; offset > 0; offset /= 2) peak = std_max(peak, __shfl_xor_sync(kAllLanes, peak, offset));
  double sum = 0.0;
  for (int64_t a = lane; a < axis; a += kWarp) sum += static_cast<double>(expf(value(a) - peak));
  for (int offset = kWarp / 2; offset > 0; offset /= 2) sum += __shfl_xor_sync(kAllLanes, sum, offset);
  const float log_sum = static_cast<float>(::log(sum));
  // Every lane has read all it needs before any lane writes (out may alias in).
  __syncwarp();
  for (int64_t a = lane; a < axis; a += kWarp) {
    const float x = value(a);
    out[base + a * inner] =
        log_output ? x - peak - log_sum : static_cast<float>(static_cast<double>(expf(x - peak)) / sum);
  }
}

static void launch_softmax(cudaStream_t stream, int64_t groups, int64_t axis, int64_t inner, const float* in,
                           const float* bias, float* out, bool log_output) {
  linear_launch(softmax_kernel, stream, groups * kWarp, axis, inner, in, bias, out, log_output);
}

void softmax(cudaStream_t stream, int64_t outer, int64_t axis, int64_t inner, const float* in, const float* bias,
             float* out, bool log_output) {
  launch_softmax(stream, outer * inner, axis, inner, in, bias, out, log_output);
}

}  // namespace cerebro::kernels
