#pragma once
// Whether this process can use a CUDA GPU, found out once. No CUDA header here: backend.cpp and
// the app include it.
#include <cstdint>
#include <optional>
#include <string>

namespace cerebro::compute::cuda {

struct CudaDevice {
  int index = 0;
  std::string name;  // "NVIDIA H200"
  int major = 0;     // compute capability
  int minor = 0;
  int multiprocessors = 0;
  int64_t memory_bytes = 0;
  double sm_clock_ghz = 0.0;          // peak (cudaDevAttrClockRate)
  double memory_bandwidth_gbs = 0.0;  // 2 x memory clock x bus width (DDR), GB/s
};

struct DeviceProbe {
  std::optional<CudaDevice> device;  // empty: no usable GPU
  std::string why;                   // why not, when empty ("cudaGetDeviceCount: cudaErrorInsufficientDriver ...")
};

// Probes once per process (later calls return the same answer). Without a driver
// cudaGetDeviceCount fails with cudaErrorInsufficientDriver and leaves the count unwritten, and
// the error is sticky: any error or a count of 0 means "no GPU", and no further CUDA call is made.
const DeviceProbe& probe_cuda_device();

// FP32 lanes (CUDA cores) per SM for a compute capability; 0 when unknown. The CUDA C++
// Programming Guide's table "Throughput of Native Arithmetic Instructions" (32-bit fp add/mul).
int fp32_lanes_per_sm(int major, int minor);

// "NVIDIA H200 (sm_90, 132 SMs, 139.8 GiB)"
std::string describe(const CudaDevice& device);

}  // namespace cerebro::compute::cuda
