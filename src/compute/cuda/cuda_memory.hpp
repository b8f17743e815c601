#pragma once
// Owners of CUDA resources: device and pinned host arrays, streams, events, graph executables,
// the cuBLAS handle. Creation is checked (throws); destruction never throws (errors at teardown
// are ignored: there is no one left to tell).
#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include <cstdint>
#include <utility>

#include "compute/cuda/cuda_check.hpp"

namespace cerebro::compute::cuda {

// Owns a handle; `Destroy` frees it. Move-only.
template <typename Handle, typename Destroy>
class Owned {
 public:
  Owned() = default;
  explicit Owned(Handle handle) : handle_(handle) {}
  ~Owned() { reset(); }
  Owned(Owned&& other) noexcept : handle_(std::exchange(other.handle_, Handle{})) {}
  Owned& operator=(Owned&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, Handle{});
    }
    return *this;
  }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;

  Handle get() const { return handle_; }
  explicit operator bool() const { return handle_ != Handle{}; }
  void reset() {
    if (handle_ != Handle{}) Destroy{}(handle_);
    handle_ = Handle{};
  }

 private:
  Handle handle_{};
};

struct FreeDevice {
  void operator()(void* p) const { (void)cudaFree(p); }
};
struct FreeHost {
  void operator()(void* p) const { (void)cudaFreeHost(p); }
};
struct DestroyStream {
  void operator()(cudaStream_t s) const { (void)cudaStreamDestroy(s); }
};
struct DestroyEvent {
  void operator()(cudaEvent_t e) const { (void)cudaEventDestroy(e); }
};
struct DestroyGraphExec {
  void operator()(cudaGraphExec_t g) const { (void)cudaGraphExecDestroy(g); }
};
struct DestroyGraph {
  void operator()(cudaGraph_t g) const { (void)cudaGraphDestroy(g); }
};
struct DestroyCublas {
  void operator()(cublasHandle_t h) const { (void)cublasDestroy(h); }
};

using Stream = Owned<cudaStream_t, DestroyStream>;
using Event = Owned<cudaEvent_t, DestroyEvent>;
using GraphExec = Owned<cudaGraphExec_t, DestroyGraphExec>;
using Graph = Owned<cudaGraph_t, DestroyGraph>;
using CublasHandle = Owned<cublasHandle_t, DestroyCublas>;

// `count` values of T in device memory (uninitialised).
template <typename T>
class DeviceArray {
 public:
  DeviceArray() = default;
  explicit DeviceArray(int64_t count) : count_(count) {
    void* raw = nullptr;
    if (count > 0) CUDA_CHECK(cudaMalloc(&raw, static_cast<size_t>(count) * sizeof(T)));
    memory_ = Owned<void*, FreeDevice>(raw);
  }
  T* get() const { return static_cast<T*>(memory_.get()); }
  int64_t size() const { return count_; }

 private:
  Owned<void*, FreeDevice> memory_;
  int64_t count_ = 0;
};

// `count` values of T in page-locked host memory; `mapped` also maps it into the device's
// address space (kernels may write it directly).
template <typename T>
class PinnedArray {
 public:
  PinnedArray() = default;
  explicit PinnedArray(int64_t count, bool mapped = false) : count_(count) {
    void* raw = nullptr;
    if (count > 0) {
      CUDA_CHECK(cudaHostAlloc(&raw, static_cast<size_t>(count) * sizeof(T),
                               mapped ? cudaHostAllocMapped : cudaHostAllocDefault));
    }
    memory_ = Owned<void*, FreeHost>(raw);
  }
  T* get() const { return static_cast<T*>(memory_.get()); }
  int64_t size() const { return count_; }
  // The device's address of mapped memory.
  T* device_pointer() const {
    void* device = nullptr;
    CUDA_CHECK(cudaHostGetDevicePointer(&device, memory_.get(), 0));
    return static_cast<T*>(device);
  }

 private:
  Owned<void*, FreeHost> memory_;
  int64_t count_ = 0;
};

inline Stream make_stream() {
  cudaStream_t stream = nullptr;
  CUDA_CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  return Stream(stream);
}

inline Event make_event() {
  cudaEvent_t event = nullptr;
  CUDA_CHECK(cudaEventCreateWithFlags(&event, cudaEventDisableTiming));
  return Event(event);
}

// Copies `count` host values to a new device array (synchronously: plan time only).
template <typename T>
DeviceArray<T> upload(const T* values, int64_t count) {
  DeviceArray<T> array(count);
  if (count > 0) {
    CUDA_CHECK(cudaMemcpy(array.get(), values, static_cast<size_t>(count) * sizeof(T), cudaMemcpyHostToDevice));
  }
  return array;
}

}  // namespace cerebro::compute::cuda
