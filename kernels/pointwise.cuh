#pragma once
// The parametrised element-wise layers: ReLU (threshold, max_value, negative_slope), LeakyReLU,
// ELU and Rescaling, each with the formula of its layer in src/model/layers/.
#include <cuda_runtime_api.h>

#include <cstdint>

namespace cerebro::kernels {

enum class PointwiseKind { Relu, LeakyRelu, Elu, Rescale };

struct PointwiseParams {
  PointwiseKind kind = PointwiseKind::Relu;
  // Relu: threshold, max_value (when has_max), negative_slope, in double as Keras' backend relu.
  double threshold = 0.0;
  double max_value = 0.0;
  bool has_max = false;
  double negative_slope = 0.0;
  float slope = 0.0f;  // LeakyRelu
  float alpha = 1.0f;  // Elu
  float scale = 1.0f;  // Rescale: x * scale + offset
  float offset = 0.0f;
};

// out[i] = f(in[i]) for n values (`out` may be `in`).
void pointwise(cudaStream_t stream, int64_t n, const PointwiseParams& params, const float* in, float* out);

}  // namespace cerebro::kernels
