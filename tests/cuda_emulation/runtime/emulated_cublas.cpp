// Emulated cuBLAS: the calls the backend makes. SGEMM is column-major with no transposes (the
// backend swaps its row-major operands instead, see src/compute/cuda/ops_linear.cpp); anything
// else is refused with CUBLAS_STATUS_NOT_SUPPORTED, which the backend reports as an error. The
// product sums in float in k order: it matches the CPU backend within the tests' tolerance, but it
// says nothing about real cuBLAS' accuracy or tiling.
#include <cublas_v2.h>

#include <cstdint>

#include "cerebro_emulation.hpp"

struct cublasContext {
  cudaStream_t stream = nullptr;
};

namespace {

struct Gemm {
  int m, n, k;
  float alpha, beta;
  const float* a;
  int lda;
  const float* b;
  int ldb;
  float* c;
  int ldc;

  void operator()() const {
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < m; ++i) {
        float sum = 0.0f;
        for (int p = 0; p < k; ++p) {
          sum += a[i + static_cast<int64_t>(p) * lda] * b[p + static_cast<int64_t>(j) * ldb];
        }
        float& out = c[i + static_cast<int64_t>(j) * ldc];
        out = beta == 0.0f ? alpha * sum : alpha * sum + beta * out;  // beta 0: C is not read (may be NaN)
      }
    }
  }
};

cublasStatus_t check(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n, int k,
                     int lda, int ldb, int ldc) {
  if (handle == nullptr) return CUBLAS_STATUS_NOT_INITIALIZED;
  if (transa != CUBLAS_OP_N || transb != CUBLAS_OP_N) return CUBLAS_STATUS_NOT_SUPPORTED;
  if (m < 0 || n < 0 || k < 0 || lda < (m > 1 ? m : 1) || ldb < (k > 1 ? k : 1) || ldc < (m > 1 ? m : 1)) {
    return CUBLAS_STATUS_INVALID_VALUE;
  }
  return CUBLAS_STATUS_SUCCESS;
}

}  // namespace

cublasStatus_t cublasCreate(cublasHandle_t* handle) {
  *handle = new cublasContext;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasDestroy(cublasHandle_t handle) {
  delete handle;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetStream(cublasHandle_t handle, cudaStream_t stream) {
  if (handle == nullptr) return CUBLAS_STATUS_NOT_INITIALIZED;
  handle->stream = stream;
  return CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetMathMode(cublasHandle_t handle, cublasMath_t) {
  return handle == nullptr ? CUBLAS_STATUS_NOT_INITIALIZED : CUBLAS_STATUS_SUCCESS;
}
cublasStatus_t cublasSetWorkspace(cublasHandle_t handle, void*, std::size_t) {
  return handle == nullptr ? CUBLAS_STATUS_NOT_INITIALIZED : CUBLAS_STATUS_SUCCESS;
}
const char* cublasGetStatusName(cublasStatus_t status) {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS:
      return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED:
      return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_INVALID_VALUE:
      return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_EXECUTION_FAILED:
      return "CUBLAS_STATUS_EXECUTION_FAILED";
    case CUBLAS_STATUS_NOT_SUPPORTED:
      return "CUBLAS_STATUS_NOT_SUPPORTED";
  }
  return "CUBLAS_STATUS_UNKNOWN";
}
const char* cublasGetStatusString(cublasStatus_t) { return "reported by the host emulation of cuBLAS"; }

cublasStatus_t cublasSgemm(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb, int m, int n,
                           int k, const float* alpha, const float* a, int lda, const float* b, int ldb,
                           const float* beta, float* c, int ldc) {
  const cublasStatus_t status = check(handle, transa, transb, m, n, k, lda, ldb, ldc);
  if (status != CUBLAS_STATUS_SUCCESS) return status;
  cerebro::emulation::enqueue(handle->stream, Gemm{m, n, k, *alpha, *beta, a, lda, b, ldb, c, ldc});
  return CUBLAS_STATUS_SUCCESS;
}

cublasStatus_t cublasSgemmStridedBatched(cublasHandle_t handle, cublasOperation_t transa, cublasOperation_t transb,
                                         int m, int n, int k, const float* alpha, const float* a, int lda,
                                         long long stride_a, const float* b, int ldb, long long stride_b,
                                         const float* beta, float* c, int ldc, long long stride_c, int batch_count) {
  const cublasStatus_t status = check(handle, transa, transb, m, n, k, lda, ldb, ldc);
  if (status != CUBLAS_STATUS_SUCCESS) return status;
  if (batch_count < 0) return CUBLAS_STATUS_INVALID_VALUE;
  for (int g = 0; g < batch_count; ++g) {
    cerebro::emulation::enqueue(handle->stream, Gemm{m, n, k, *alpha, *beta, a + g * stride_a, lda, b + g * stride_b,
                                                     ldb, c + g * stride_c, ldc});
  }
  return CUBLAS_STATUS_SUCCESS;
}
