#include "compute/cuda/cuda_device.hpp"

#include <cuda_runtime_api.h>

#include <cstdio>

#include "compute/cuda/cuda_check.hpp"

namespace cerebro::compute::cuda {
namespace {

int attribute(cudaDeviceAttr which, int device) {
  int value = 0;
  return cudaDeviceGetAttribute(&value, which, device) == cudaSuccess ? value : 0;
}

DeviceProbe probe() {
  DeviceProbe result;
  int count = 0;
  const cudaError_t error = cudaGetDeviceCount(&count);
  if (error != cudaSuccess) {
    result.why = "cudaGetDeviceCount: " + cuda_error_text(error);
    return result;
  }
  if (count <= 0) {
    result.why = "cudaGetDeviceCount found no CUDA device";
    return result;
  }
  CudaDevice device;
  cudaDeviceProp prop{};
  cudaError_t step = cudaSetDevice(0);
  if (step == cudaSuccess) step = cudaGetDeviceProperties(&prop, 0);
  // Creating the context proves the device can be used (not prohibited, not out of memory).
  if (step == cudaSuccess) step = cudaFree(nullptr);
  if (step != cudaSuccess) {
    result.why = "CUDA device 0 is not usable: " + cuda_error_text(step);
    return result;
  }
  device.name = prop.name;
  device.major = prop.major;
  device.minor = prop.minor;
  device.multiprocessors = prop.multiProcessorCount;
  device.memory_bytes = static_cast<int64_t>(prop.totalGlobalMem);
  device.sm_clock_ghz = attribute(cudaDevAttrClockRate, 0) * 1e-6;
  const double memory_clock_hz = attribute(cudaDevAttrMemoryClockRate, 0) * 1e3;
  device.memory_bandwidth_gbs = 2.0 * memory_clock_hz * attribute(cudaDevAttrGlobalMemoryBusWidth, 0) / 8.0 * 1e-9;
  result.device = device;
  return result;
}

}  // namespace

const DeviceProbe& probe_cuda_device() {
  static const DeviceProbe result = probe();
  return result;
}

int fp32_lanes_per_sm(int major, int minor) {
  switch (major * 10 + minor) {
    case 50:
    case 52:
    case 53:
    case 61:
    case 62:
      return 128;
    case 60:
    case 70:
    case 72:
    case 75:
    case 80:
      return 64;
    case 86:
    case 87:
    case 89:
    case 90:
      return 128;
    case 100:
    case 101:
    case 103:
    case 110:
    case 120:
    case 121:
      return 128;
    default:
      return 0;
  }
}

std::string describe(const CudaDevice& device) {
  char text[256];
  std::snprintf(text, sizeof text, "%s (sm_%d%d, %d SMs, %.1f GiB)", device.name.c_str(), device.major, device.minor,
                device.multiprocessors, static_cast<double>(device.memory_bytes) / (1024.0 * 1024.0 * 1024.0));
  return text;
}

}  // namespace cerebro::compute::cuda
