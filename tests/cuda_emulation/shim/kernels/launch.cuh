#pragma once
// Emulation shim for kernels/launch.cuh: the same interface (kThreads, blocks_for, linear_launch,
// block_launch, thread_index) with the <<<...>>> launches, which only nvcc parses, replaced by the
// emulated scheduler. Found before the real header because the emulation targets put shim/ first
// on the include path. Keep the two in step when launch.cuh changes.
#include <cuda_runtime.h>

#include <cstdint>

namespace cerebro::kernels {

constexpr int kThreads = 256;

inline unsigned int blocks_for(int64_t n, int threads = kThreads) {
  return static_cast<unsigned int>((n + threads - 1) / threads);
}

template <typename... KernelArgs, typename... Args>
void linear_launch(void (*kernel)(int64_t, KernelArgs...), cudaStream_t stream, int64_t n, Args... args) {
  if (n <= 0) return;
  emulation::launch(stream, blocks_for(n), kThreads, [=] { kernel(n, args...); });
}

template <typename... KernelArgs, typename... Args>
void block_launch(void (*kernel)(int64_t, KernelArgs...), unsigned int blocks, cudaStream_t stream, int64_t n,
                  Args... args) {
  if (n <= 0) return;
  emulation::launch(stream, blocks, kThreads, [=] { kernel(n, args...); });
}

inline int64_t thread_index() { return static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; }

}  // namespace cerebro::kernels
