#pragma once
// Helpers shared by the GPU tests (label `gpu`). These tests run only where a GPU is expected
// (scripts/gpu-check on the device machine); without one they FAIL with a message that says so,
// never skip, so a missing driver can't pass for a green run.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <string>

namespace cerebro::testing {

// "cudaErrorInvalidValue (invalid argument)"
inline std::string cuda_error_text(cudaError_t error) {
  return std::string(cudaGetErrorName(error)) + " (" + cudaGetErrorString(error) + ")";
}

// Success when at least one CUDA device is usable. Without a driver cudaGetDeviceCount returns
// cudaErrorInsufficientDriver or cudaErrorNoDevice and leaves the count unwritten, hence the 0.
inline ::testing::AssertionResult cuda_device_present(int* count_out = nullptr) {
  int count = 0;
  const cudaError_t error = cudaGetDeviceCount(&count);
  if (count_out != nullptr) *count_out = error == cudaSuccess ? count : 0;
  if (error != cudaSuccess) {
    return ::testing::AssertionFailure()
           << "no usable CUDA GPU: cudaGetDeviceCount returned " << cuda_error_text(error)
           << ". This test is labelled gpu: run it on a machine with an NVIDIA GPU and driver "
              "(scripts/gpu-check), not with plain ctest.";
  }
  if (count == 0) {
    return ::testing::AssertionFailure() << "no usable CUDA GPU: cudaGetDeviceCount found 0 devices";
  }
  return ::testing::AssertionSuccess();
}

// Clears the sticky "last error" so one failed call doesn't poison the next assertion.
inline ::testing::AssertionResult cuda_ok(cudaError_t error, const char* call) {
  if (error == cudaSuccess) return ::testing::AssertionSuccess();
  (void)cudaGetLastError();
  return ::testing::AssertionFailure() << call << " failed: " << cuda_error_text(error);
}

}  // namespace cerebro::testing

// Fails the current test (and returns from it) when no GPU is usable.
#define CEREBRO_REQUIRE_GPU() ASSERT_TRUE(::cerebro::testing::cuda_device_present())

// Checks one CUDA runtime call; the failure names the call.
#define ASSERT_CUDA(call) ASSERT_TRUE(::cerebro::testing::cuda_ok((call), #call))
#define EXPECT_CUDA(call) EXPECT_TRUE(::cerebro::testing::cuda_ok((call), #call))

namespace cerebro::testing {

// Owns one cudaMalloc allocation; frees it however the test leaves.
template <typename T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  // Returns the error instead of throwing so the caller can ASSERT on it.
  cudaError_t allocate(std::size_t count) {
    void* raw = nullptr;
    const cudaError_t error = cudaMalloc(&raw, count * sizeof(T));
    if (error == cudaSuccess) {
      data_.reset(static_cast<T*>(raw));
      count_ = count;
    }
    return error;
  }
  T* get() const { return data_.get(); }
  std::size_t size() const { return count_; }
  std::size_t bytes() const { return count_ * sizeof(T); }

 private:
  struct Free {
    void operator()(T* pointer) const { (void)cudaFree(pointer); }
  };
  std::unique_ptr<T, Free> data_;
  std::size_t count_ = 0;
};

}  // namespace cerebro::testing
