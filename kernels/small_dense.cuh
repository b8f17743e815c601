#pragma once
// A whole small Dense layer in one kernel: GEMM, bias and element-wise activation. For the
// viewer's batch-1 frames a Dense layer is a few thousand outputs, where a cuBLAS call plus an
// epilogue kernel cost two launches of more time than the arithmetic; larger ones go to cuBLAS.
#include <cuda_runtime_api.h>

#include <cstdint>

#include "model/activation.hpp"

namespace cerebro::kernels {

// out[r, u] = activation(sum_k in[r, k] * kernel[k, u] + bias[u]) for rows x units outputs
// (row-major; `bias` may be null). Element-wise activations only: for softmax, pass Linear and
// run softmax.cuh after.
void small_dense(cudaStream_t stream, int64_t rows, int64_t features, int64_t units, const float* in,
                 const float* kernel, const float* bias, float* out, model::Activation activation);

}  // namespace cerebro::kernels
