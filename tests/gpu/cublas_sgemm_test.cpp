// cuBLAS SGEMM against OpenBLAS on the same random inputs, with a float64 loop as the referee: the
// CUDA backend's dense layers stand on this call. TF32 is off (pedantic math), so both sides do
// plain float32 arithmetic and must agree to 1e-5 of the largest |reference| value.
#include <cblas.h>
#include <cublas_v2.h>
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "gpu/gpu_test_util.hpp"
#include "support/test_support.hpp"

namespace {

using cerebro::testing::DeviceBuffer;
using cerebro::testing::relative_error;

::testing::AssertionResult cublas_ok(cublasStatus_t status, const char* call) {
  if (status == CUBLAS_STATUS_SUCCESS) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << call << " failed: " << cublasGetStatusName(status) << " ("
                                       << cublasGetStatusString(status) << ")";
}
#define ASSERT_CUBLAS(call) ASSERT_TRUE(cublas_ok((call), #call))

constexpr double kBound = 1e-5;

// Column-major C (m x n) = alpha * op(A) (m x k) * op(B) (k x n) + beta * C, as BLAS defines it.
struct GemmCase {
  int m, n, k;
  bool trans_a, trans_b;
  float alpha, beta;
};

std::string case_name(const GemmCase& c) {
  return std::to_string(c.m) + "x" + std::to_string(c.n) + "x" + std::to_string(c.k) + "_" + (c.trans_a ? "T" : "N") +
         (c.trans_b ? "T" : "N") + (c.beta != 0.0f ? "_beta" : "");
}

// gtest prints parameters in failure messages; show the shape, not the bytes.
void PrintTo(const GemmCase& c, std::ostream* out) { *out << case_name(c); }

std::string param_name(const ::testing::TestParamInfo<GemmCase>& param) { return case_name(param.param); }

struct Operands {
  int lda, ldb, ldc;
  std::vector<float> a, b, c;  // c holds the initial C that beta scales
};

Operands random_operands(const GemmCase& c, unsigned seed) {
  Operands o;
  o.lda = c.trans_a ? c.k : c.m;  // stored A is lda x (trans_a ? m : k)
  o.ldb = c.trans_b ? c.n : c.k;
  o.ldc = c.m;
  std::mt19937 engine(seed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  auto fill = [&](std::vector<float>& v, std::size_t size) {
    v.resize(size);
    for (float& x : v) x = uniform(engine);
  };
  fill(o.a, static_cast<std::size_t>(c.m) * c.k);
  fill(o.b, static_cast<std::size_t>(c.k) * c.n);
  fill(o.c, static_cast<std::size_t>(c.m) * c.n);
  return o;
}

std::vector<double> float64_reference(const GemmCase& c, const Operands& o) {
  auto a = [&](int i, int p) { return c.trans_a ? o.a[i * o.lda + p] : o.a[p * o.lda + i]; };
  auto b = [&](int p, int j) { return c.trans_b ? o.b[p * o.ldb + j] : o.b[j * o.ldb + p]; };
  std::vector<double> out(o.c.size());
  for (int j = 0; j < c.n; ++j) {
    for (int i = 0; i < c.m; ++i) {
      double sum = 0.0;
      for (int p = 0; p < c.k; ++p) sum += static_cast<double>(a(i, p)) * b(p, j);
      out[j * o.ldc + i] = c.alpha * sum + static_cast<double>(c.beta) * o.c[j * o.ldc + i];
    }
  }
  return out;
}

std::vector<float> openblas_gemm(const GemmCase& c, const Operands& o) {
  std::vector<float> out = o.c;
  cblas_sgemm(CblasColMajor, c.trans_a ? CblasTrans : CblasNoTrans, c.trans_b ? CblasTrans : CblasNoTrans, c.m, c.n,
              c.k, c.alpha, o.a.data(), o.lda, o.b.data(), o.ldb, c.beta, out.data(), o.ldc);
  return out;
}

// Owns a cuBLAS handle on its own stream; no GPU fails the test in SetUp.
class CublasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CEREBRO_REQUIRE_GPU();
    ASSERT_CUDA(cudaSetDevice(0));
    ASSERT_CUBLAS(cublasCreate(&handle_));
    ASSERT_CUDA(cudaStreamCreate(&stream_));
    ASSERT_CUBLAS(cublasSetStream(handle_, stream_));
  }
  void TearDown() override {
    // gtest's EXPECT_* macros end in a dangling else: keep the braces.
    if (handle_ != nullptr) {
      EXPECT_TRUE(cublas_ok(cublasDestroy(handle_), "cublasDestroy"));
    }
    if (stream_ != nullptr) {
      EXPECT_CUDA(cudaStreamDestroy(stream_));
    }
  }

  // Runs the case on the GPU under the given math mode; the result lands in `out`.
  void cublas_gemm(const GemmCase& c, const Operands& o, cublasMath_t mode, std::vector<float>& out) {
    ASSERT_CUBLAS(cublasSetMathMode(handle_, mode));
    cublasMath_t set = CUBLAS_DEFAULT_MATH;
    ASSERT_CUBLAS(cublasGetMathMode(handle_, &set));
    ASSERT_EQ(set, mode);
    DeviceBuffer<float> a, b, result;
    ASSERT_CUDA(a.allocate(o.a.size()));
    ASSERT_CUDA(b.allocate(o.b.size()));
    ASSERT_CUDA(result.allocate(o.c.size()));
    ASSERT_CUDA(cudaMemcpyAsync(a.get(), o.a.data(), a.bytes(), cudaMemcpyHostToDevice, stream_));
    ASSERT_CUDA(cudaMemcpyAsync(b.get(), o.b.data(), b.bytes(), cudaMemcpyHostToDevice, stream_));
    ASSERT_CUDA(cudaMemcpyAsync(result.get(), o.c.data(), result.bytes(), cudaMemcpyHostToDevice, stream_));
    ASSERT_CUBLAS(cublasSgemm(handle_, c.trans_a ? CUBLAS_OP_T : CUBLAS_OP_N, c.trans_b ? CUBLAS_OP_T : CUBLAS_OP_N,
                              c.m, c.n, c.k, &c.alpha, a.get(), o.lda, b.get(), o.ldb, &c.beta, result.get(), o.ldc));
    out.assign(o.c.size(), 0.0f);
    ASSERT_CUDA(cudaMemcpyAsync(out.data(), result.get(), result.bytes(), cudaMemcpyDeviceToHost, stream_));
    ASSERT_CUDA(cudaStreamSynchronize(stream_));
  }

  cublasHandle_t handle_ = nullptr;
  cudaStream_t stream_ = nullptr;
};

class CublasSgemm : public CublasTest, public ::testing::WithParamInterface<GemmCase> {};

TEST_P(CublasSgemm, MatchesOpenBlas) {
  const GemmCase c = GetParam();
  const Operands operands = random_operands(c, 20240u + static_cast<unsigned>(c.m * 7 + c.n * 3 + c.k));
  std::vector<float> gpu;
  ASSERT_NO_FATAL_FAILURE(cublas_gemm(c, operands, CUBLAS_PEDANTIC_MATH, gpu));
  const std::vector<float> cpu = openblas_gemm(c, operands);
  const std::vector<double> exact = float64_reference(c, operands);

  const double gpu_vs_cpu = relative_error(gpu, cpu);
  const double gpu_vs_exact = relative_error(gpu, exact);
  const double cpu_vs_exact = relative_error(cpu, exact);
  std::printf("sgemm %-16s cuBLAS vs OpenBLAS %.2e, cuBLAS vs float64 %.2e, OpenBLAS vs float64 %.2e\n",
              case_name(c).c_str(), gpu_vs_cpu, gpu_vs_exact, cpu_vs_exact);
  EXPECT_LE(gpu_vs_cpu, kBound) << "cuBLAS and OpenBLAS disagree";
  EXPECT_LE(gpu_vs_exact, kBound) << "cuBLAS is off the float64 result";
  EXPECT_LE(cpu_vs_exact, kBound) << "OpenBLAS is off the float64 result (the reference itself)";
}

// Shapes from the models we show: square, non-square, one pattern through a 784-wide layer, and
// the transposed layouts a row-major dense layer turns into.
INSTANTIATE_TEST_SUITE_P(
    Shapes, CublasSgemm,
    ::testing::Values(GemmCase{50, 50, 75, false, false, 1.0f, 0.0f}, GemmCase{256, 512, 512, false, false, 1.0f, 0.0f},
                      GemmCase{1, 784, 128, false, false, 1.0f, 0.0f}, GemmCase{128, 1, 784, true, false, 1.0f, 0.0f},
                      GemmCase{128, 32, 784, true, false, 1.0f, 0.0f}, GemmCase{64, 96, 80, false, true, 1.0f, 0.0f},
                      GemmCase{33, 17, 129, true, true, 0.5f, 0.75f}),
    param_name);

// Not a requirement, a record: how far TF32 tensor-op math would land from the float32 result.
// It shows why the bound above needs pedantic math (cuBLAS may still pick a float32 kernel here).
TEST_F(CublasTest, ReportsWhatTf32WouldCost) {
  const GemmCase c{256, 512, 512, false, false, 1.0f, 0.0f};
  const Operands operands = random_operands(c, 7u);
  std::vector<float> tf32;
  ASSERT_NO_FATAL_FAILURE(cublas_gemm(c, operands, CUBLAS_TF32_TENSOR_OP_MATH, tf32));
  std::printf("sgemm %-16s with TF32 allowed: error vs float64 %.2e (bound for float32 math %.0e)\n",
              case_name(c).c_str(), relative_error(tf32, float64_reference(c, operands)), kBound);
}

}  // namespace
