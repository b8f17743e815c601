#pragma once
// The epilogue of Dense and the convolutions: bias along the last axis, then an element-wise
// activation, in place, in one pass over the GEMM's output.
#include <cuda_runtime_api.h>

#include <cstdint>

#include "model/activation.hpp"

namespace cerebro::kernels {

// values[r * cols + c] = activation(values[r * cols + c] + bias[c]) for every row r; `bias` may
// be null. `activation` must be element-wise (not softmax or log_softmax: see softmax.cuh).
void bias_activation(cudaStream_t stream, int64_t rows, int64_t cols, float* values, const float* bias,
                     model::Activation activation);

// out[i] = activation(in[i]) for n values (`out` may be `in`); element-wise activations only.
void apply_activation(cudaStream_t stream, int64_t n, const float* in, float* out, model::Activation activation);

}  // namespace cerebro::kernels
