// The emulator's own promises (README.md), on tiny kernels written here: barriers order writes
// before other threads' reads, shuffles exchange values as the butterfly does on a GPU, blocks
// that never synchronise still see every index once, and a barrier that not every thread reaches
// stops the process instead of passing.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "cuda_runtime.h"
#include "kernels/launch.cuh"

namespace cerebro {
namespace {

// Every thread writes its slot, then reads its neighbour's: right only if the barrier holds.
void rotate_kernel(int64_t, int* out) {
  __shared__ int slots[kernels::kThreads];
  slots[threadIdx.x] = static_cast<int>(threadIdx.x) * 10;
  __syncthreads();
  out[kernels::thread_index()] = slots[(threadIdx.x + 1) % blockDim.x];
}

// The sum over a warp by xor butterfly, as layer_norm and softmax reduce.
void warp_sum_kernel(int64_t, float* out) {
  float v = static_cast<float>(kernels::thread_index());
  for (int offset = 16; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset);
  out[kernels::thread_index()] = v;
}

void index_kernel(int64_t n, int* out) {
  const int64_t i = kernels::thread_index();
  if (i >= n) return;
  out[i] += static_cast<int>(i);
}

// Thread 0 skips the barrier the others wait at.
void divergent_kernel(int64_t, int* out) {
  if (threadIdx.x != 0) __syncthreads();
  out[kernels::thread_index()] = 1;
}

TEST(EmulatedThreads, ABarrierOrdersEveryWriteBeforeAnyRead) {
  std::vector<int> out(2 * kernels::kThreads, -1);
  kernels::block_launch(rotate_kernel, 2, nullptr, 2 * kernels::kThreads, out.data());
  for (size_t i = 0; i < out.size(); ++i) EXPECT_EQ(out[i], static_cast<int>((i + 1) % kernels::kThreads) * 10) << i;
}

TEST(EmulatedThreads, XorShufflesSumEachWarp) {
  std::vector<float> out(kernels::kThreads, -1.0f);
  kernels::linear_launch(warp_sum_kernel, nullptr, kernels::kThreads, out.data());
  for (size_t i = 0; i < out.size(); ++i) {
    const size_t first = i / 32 * 32;  // sum of first .. first + 31
    EXPECT_EQ(out[i], static_cast<float>(32 * first + 31 * 32 / 2)) << i;
  }
}

TEST(EmulatedThreads, EveryIndexOfALinearLaunchRunsOnce) {
  constexpr int64_t n = 3 * kernels::kThreads + 7;
  std::vector<int> out(static_cast<size_t>(n), 0);
  kernels::linear_launch(index_kernel, nullptr, n, out.data());
  for (int64_t i = 0; i < n; ++i) EXPECT_EQ(out[static_cast<size_t>(i)], static_cast<int>(i));
}

TEST(EmulatedThreadsDeathTest, ABarrierSomeThreadsSkipStopsTheTest) {
  std::vector<int> out(kernels::kThreads, 0);
  EXPECT_DEATH(kernels::block_launch(divergent_kernel, 1, nullptr, kernels::kThreads, out.data()),
               "cerebro CUDA emulation: block 0: 255 threads at __syncthreads, 0 at a warp barrier or shuffle, 1 "
               "exited");
}

}  // namespace
}  // namespace cerebro
