#pragma once
// Emulation shim: what kernels/*.cu use of CUDA C++ beyond the runtime API, for compiling them
// as host C++ (tests/cuda_emulation/README.md). Qualifiers vanish, __shared__ variables become
// function statics (one block runs at a time), and the intrinsics are host functions with the
// same results. Semantics: https://docs.nvidia.com/cuda/cuda-c-programming-guide/
#include <cuda_runtime_api.h>
#include <math.h>  // fminf, expf, isfinite... in the global namespace, as nvcc's device headers have them

#include <cstring>

#include "cerebro_emulation.hpp"

#define __global__
#define __device__
#define __host__
#define __shared__ static

struct uint3 {
  unsigned int x = 0;
  unsigned int y = 0;
  unsigned int z = 0;
};
using dim3 = uint3;

// Set by the emulated scheduler before it runs a thread.
extern thread_local uint3 threadIdx;
extern thread_local uint3 blockIdx;
extern thread_local dim3 blockDim;
extern thread_local dim3 gridDim;

inline void __syncthreads() { cerebro::emulation::sync_block(); }
inline void __syncwarp(unsigned int mask = 0xffffffffu) { cerebro::emulation::sync_warp(mask); }
// Exact for float and double: the value travels as a double.
template <typename T>
T __shfl_xor_sync(unsigned int mask, T value, int lane_mask) {
  return static_cast<T>(cerebro::emulation::shuffle_xor(mask, static_cast<double>(value), lane_mask));
}

// One thread runs at a time: fences have nothing to order and an atomic is a plain update.
inline void __threadfence() {}
inline void __threadfence_system() {}
inline unsigned int atomicAdd(unsigned int* address, unsigned int value) {
  const unsigned int old = *address;
  *address = old + value;
  return old;
}
template <typename T>
T __ldcg(const T* address) {
  return *address;
}

inline unsigned int __float_as_uint(float value) {
  unsigned int bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}
inline float __uint_as_float(unsigned int bits) {
  float value = 0.0f;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}
// The _rn intrinsics exist to forbid FMA contraction; a volatile result keeps the host compiler
// from contracting too (x86-64 g++ contracts only with -ffp-contract=fast and FMA enabled).
inline double __dadd_rn(double a, double b) {
  volatile double r = a + b;
  return r;
}
inline double __dsub_rn(double a, double b) {
  volatile double r = a - b;
  return r;
}
inline double __dmul_rn(double a, double b) {
  volatile double r = a * b;
  return r;
}
inline double __ddiv_rn(double a, double b) {
  volatile double r = a / b;
  return r;
}
inline float __double2float_rn(double a) { return static_cast<float>(a); }

inline void surf2Dwrite(float value, cudaSurfaceObject_t surface, int x_bytes, int y) {
  cerebro::emulation::surface_write(value, surface, x_bytes, y);
}
