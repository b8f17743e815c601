#pragma once
// The one way kernels/*.cu launch an element-wise kernel (after tiny-cuda-nn's linear_kernel):
// the element count comes first, nothing is launched for n <= 0, and the grid covers n with
// blocks of kThreads. Included by kernels/*.cu only; host code calls the exported entries.
#include <cuda_runtime.h>

#include <cstdint>

namespace cerebro::kernels {

constexpr int kThreads = 256;

inline unsigned int blocks_for(int64_t n, int threads = kThreads) {
  return static_cast<unsigned int>((n + threads - 1) / threads);
}

// Launches kernel<<<..., stream>>>(n, args...). The caller (compute/cuda) checks
// cudaGetLastError once per op, so a bad launch is reported with the layer's name.
template <typename... KernelArgs, typename... Args>
void linear_launch(void (*kernel)(int64_t, KernelArgs...), cudaStream_t stream, int64_t n, Args... args) {
  if (n <= 0) return;
  kernel<<<blocks_for(n), kThreads, 0, stream>>>(n, args...);
}

// For grid-stride kernels that need every thread of a block (barriers, block reductions):
// kernel<<<blocks, kThreads, 0, stream>>>(n, args...), nothing launched for n <= 0.
template <typename... KernelArgs, typename... Args>
void block_launch(void (*kernel)(int64_t, KernelArgs...), unsigned int blocks, cudaStream_t stream, int64_t n,
                  Args... args) {
  if (n <= 0) return;
  kernel<<<blocks, kThreads, 0, stream>>>(n, args...);
}

// The flat index of this thread in a linear launch.
__device__ inline int64_t thread_index() { return static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; }

}  // namespace cerebro::kernels
