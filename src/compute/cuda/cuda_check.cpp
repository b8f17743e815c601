#include "compute/cuda/cuda_check.hpp"

#include "core/error.hpp"

namespace cerebro::compute::cuda {

std::string cuda_error_text(cudaError_t error) {
  return std::string(cudaGetErrorName(error)) + " (" + cudaGetErrorString(error) + ")";
}

std::string cublas_error_text(cublasStatus_t status) {
  return std::string(cublasGetStatusName(status)) + " (" + cublasGetStatusString(status) + ")";
}

void throw_gpu_error(const char* call, const std::string& status) {
  // A sticky error (a faulting kernel) stays whatever we do; a plain one must not poison the next
  // call's check.
  (void)cudaGetLastError();
  throw_internal("CUDA", std::string(call) + " failed: " + status);
}

}  // namespace cerebro::compute::cuda
