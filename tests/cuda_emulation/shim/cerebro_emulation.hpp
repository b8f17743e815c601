#pragma once
// The emulated device's entry points for the shim headers (cuda_runtime.h, kernels/launch.cuh,
// cub/): launches run a grid's blocks one after another on the calling thread, each block's
// threads as cooperative fibers that switch only at barriers and shuffles
// (runtime/emulated_threads.cpp). Nothing here runs concurrently, so a kernel's data race is NOT
// seen; what is checked is indexing, barrier placement and the host code around the kernels.
#include <cuda_runtime_api.h>

#include <functional>

namespace cerebro::emulation {

// Runs `work` on `stream`: now, or at cudaGraphLaunch when the stream is being captured.
void enqueue(cudaStream_t stream, std::function<void()> work);
// A kernel launch of `blocks` x `threads`: `thread_body` is one thread's run of the kernel.
void launch(cudaStream_t stream, unsigned int blocks, unsigned int threads, std::function<void()> thread_body);

// Device-side operations of the current emulated thread.
void sync_block();                                                   // __syncthreads
void sync_warp(unsigned int mask);                                   // __syncwarp
double shuffle_xor(unsigned int mask, double value, int lane_mask);  // __shfl_xor_sync
void surface_write(float value, cudaSurfaceObject_t surface, int x_bytes, int y);

// An emulation failure a real GPU would report or leave undefined (a barrier some threads miss,
// a write out of a surface): printed with its reason, then the process aborts so the test fails.
[[noreturn]] void device_fault(const char* what);

}  // namespace cerebro::emulation
