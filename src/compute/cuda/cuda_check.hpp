#pragma once
// Every CUDA runtime and cuBLAS call of the backend goes through one of these checks: a failure
// throws cerebro::Error (Internal) naming the call and the status, never aborts. The op
// dispatcher catches it and adds the layer's name (ggml's CUDA_CHECK / CUBLAS_CHECK, throwing
// instead of aborting so the viewer can show the error and keep running).
#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include <string>

namespace cerebro::compute::cuda {

// "cudaErrorMemoryAllocation (out of memory)"
std::string cuda_error_text(cudaError_t error);
// "CUBLAS_STATUS_EXECUTION_FAILED (the GPU program failed to execute)"
std::string cublas_error_text(cublasStatus_t status);

// Throws the Internal error for a failed call; clears CUDA's (non-sticky) last error first.
[[noreturn]] void throw_gpu_error(const char* call, const std::string& status);

}  // namespace cerebro::compute::cuda

// The one generic check the two below are made of: `call` must return `ok`.
#define CEREBRO_GPU_CHECK(call, ok, describe)                                      \
  do {                                                                             \
    const auto cerebro_status_ = (call);                                           \
    if (cerebro_status_ != (ok)) {                                                 \
      ::cerebro::compute::cuda::throw_gpu_error(#call, describe(cerebro_status_)); \
    }                                                                              \
  } while (false)

#define CUDA_CHECK(call) CEREBRO_GPU_CHECK(call, cudaSuccess, ::cerebro::compute::cuda::cuda_error_text)
#define CUBLAS_CHECK(call) CEREBRO_GPU_CHECK(call, CUBLAS_STATUS_SUCCESS, ::cerebro::compute::cuda::cublas_error_text)
