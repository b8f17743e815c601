// First proof of the CUDA path on a real GPU: the runtime finds a device the build can run on, and
// a buffer survives host -> device -> device -> host unchanged. Prints what it measured.
#include <cuda_runtime_api.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>

#include "gpu/gpu_test_util.hpp"

#ifndef CEREBRO_CUDA_ARCHITECTURES
#define CEREBRO_CUDA_ARCHITECTURES ""
#endif

namespace {

using cerebro::testing::DeviceBuffer;

// Lowest compute capability in CMAKE_CUDA_ARCHITECTURES as passed here ("75,90", "90-real"); 0 if
// none (e.g. "native").
int lowest_built_architecture(const std::string& architectures) {
  int lowest = 0;
  std::stringstream list(architectures);
  std::string entry;
  while (std::getline(list, entry, ',')) {
    const int value = std::atoi(entry.c_str());
    if (value > 0 && (lowest == 0 || value < lowest)) lowest = value;
  }
  return lowest;
}

int attribute(cudaDeviceAttr which, int device) {
  int value = 0;
  EXPECT_CUDA(cudaDeviceGetAttribute(&value, which, device));
  return value;
}

void report_device(int device) {
  cudaDeviceProp prop{};
  ASSERT_CUDA(cudaGetDeviceProperties(&prop, device));
  // CUDA 13's cudaDeviceProp has no clock fields; the attributes still report them (kHz).
  const int sm_clock_khz = attribute(cudaDevAttrClockRate, device);
  const int memory_clock_khz = attribute(cudaDevAttrMemoryClockRate, device);
  const int bus_width_bits = attribute(cudaDevAttrGlobalMemoryBusWidth, device);
  // Double data rate: two transfers per memory clock.
  const double peak_tb_per_s = 2.0 * memory_clock_khz * 1e3 * (bus_width_bits / 8.0) / 1e12;
  std::printf(
      "device %d: %s, compute capability %d.%d, %d SMs, %.1f GiB, L2 %.1f MiB, SM clock %d MHz, "
      "memory clock %d MHz, bus %d-bit (peak %.2f TB/s)\n",
      device, prop.name, prop.major, prop.minor, prop.multiProcessorCount,
      static_cast<double>(prop.totalGlobalMem) / (1024.0 * 1024.0 * 1024.0), prop.l2CacheSize / (1024.0 * 1024.0),
      sm_clock_khz / 1000, memory_clock_khz / 1000, bus_width_bits, peak_tb_per_s);
  EXPECT_GT(prop.multiProcessorCount, 0);
  EXPECT_GT(prop.totalGlobalMem, 0u);
  EXPECT_GT(bus_width_bits, 0);

  const int capability = prop.major * 10 + prop.minor;
  const int lowest = lowest_built_architecture(CEREBRO_CUDA_ARCHITECTURES);
  if (lowest > 0) {
    // Code built for sm_XY runs on a device of capability >= X.Y (SASS of the same major, or the
    // PTX JIT-compiled by the driver).
    EXPECT_GE(capability, lowest) << "device " << device << " (" << prop.name << ") has compute capability "
                                  << prop.major << "." << prop.minor
                                  << ", below the lowest architecture this build targets ("
                                  << CEREBRO_CUDA_ARCHITECTURES << ")";
  }
}

TEST(GpuSmoke, FindsADeviceThisBuildCanRunOn) {
  int count = 0;
  ASSERT_TRUE(cerebro::testing::cuda_device_present(&count));
  int driver = 0;
  int runtime = 0;
  ASSERT_CUDA(cudaDriverGetVersion(&driver));
  ASSERT_CUDA(cudaRuntimeGetVersion(&runtime));
  std::printf("CUDA driver API %d.%d, runtime %d.%d, built for architectures '%s', %d device(s)\n", driver / 1000,
              driver % 1000 / 10, runtime / 1000, runtime % 1000 / 10, CEREBRO_CUDA_ARCHITECTURES, count);
  EXPECT_GE(driver, runtime) << "the driver is older than the CUDA runtime this was built with";
  for (int device = 0; device < count; ++device) report_device(device);
}

struct FreeHost {
  void operator()(std::uint32_t* pointer) const { (void)cudaFreeHost(pointer); }
};
using PinnedWords = std::unique_ptr<std::uint32_t, FreeHost>;

// Pinned, so the copies run at the bus's speed and the printed rates mean something.
PinnedWords pinned_words(std::size_t count) {
  void* raw = nullptr;
  if (cudaMallocHost(&raw, count * sizeof(std::uint32_t)) != cudaSuccess) return nullptr;
  return PinnedWords(static_cast<std::uint32_t*>(raw));
}

TEST(GpuSmoke, MemcpyRoundTripIsExact) {
  CEREBRO_REQUIRE_GPU();
  ASSERT_CUDA(cudaSetDevice(0));
  size_t free_bytes = 0;
  size_t total_bytes = 0;
  ASSERT_CUDA(cudaMemGetInfo(&free_bytes, &total_bytes));
  std::printf("device 0 memory: %.1f GiB free of %.1f GiB\n", static_cast<double>(free_bytes) / 1073741824.0,
              static_cast<double>(total_bytes) / 1073741824.0);

  constexpr std::size_t count = std::size_t{16} << 20;  // 64 MiB: well past launch overheads
  PinnedWords source = pinned_words(count);
  PinnedWords back = pinned_words(count);
  ASSERT_TRUE(source && back) << "cudaMallocHost of 2 x 64 MiB failed";
  for (std::size_t i = 0; i < count; ++i) {
    // Every bit pattern matters, NaN payloads included: the copies must not touch the bits.
    source.get()[i] = static_cast<std::uint32_t>(i * 2654435761u) ^ 0x9e3779b9u;
    back.get()[i] = 0;
  }
  DeviceBuffer<std::uint32_t> first;
  DeviceBuffer<std::uint32_t> second;
  ASSERT_CUDA(first.allocate(count));
  ASSERT_CUDA(second.allocate(count));

  cudaEvent_t marks[4] = {};
  for (cudaEvent_t& mark : marks) ASSERT_CUDA(cudaEventCreate(&mark));
  const std::size_t bytes = first.bytes();
  EXPECT_CUDA(cudaEventRecord(marks[0]));
  EXPECT_CUDA(cudaMemcpy(first.get(), source.get(), bytes, cudaMemcpyHostToDevice));
  EXPECT_CUDA(cudaEventRecord(marks[1]));
  EXPECT_CUDA(cudaMemcpy(second.get(), first.get(), bytes, cudaMemcpyDeviceToDevice));
  EXPECT_CUDA(cudaEventRecord(marks[2]));
  EXPECT_CUDA(cudaMemcpy(back.get(), second.get(), bytes, cudaMemcpyDeviceToHost));
  EXPECT_CUDA(cudaEventRecord(marks[3]));
  EXPECT_CUDA(cudaEventSynchronize(marks[3]));

  const char* names[3] = {"host->device", "device->device", "device->host"};
  for (int step = 0; step < 3; ++step) {
    float ms = 0.0f;
    EXPECT_CUDA(cudaEventElapsedTime(&ms, marks[step], marks[step + 1]));
    // A device-to-device copy reads and writes every byte.
    const double moved = static_cast<double>(bytes) * (step == 1 ? 2.0 : 1.0);
    std::printf("%-15s %6.0f MiB in %7.3f ms = %7.1f GB/s\n", names[step], static_cast<double>(bytes) / 1048576.0, ms,
                ms > 0.0f ? moved / (ms * 1e6) : 0.0);
  }
  for (cudaEvent_t mark : marks) EXPECT_CUDA(cudaEventDestroy(mark));

  std::size_t mismatches = 0;
  std::size_t first_bad = count;
  for (std::size_t i = 0; i < count; ++i) {
    if (back.get()[i] != source.get()[i]) {
      if (mismatches++ == 0) first_bad = i;
    }
  }
  std::printf("round trip of %zu words: %zu mismatches\n", count, mismatches);
  EXPECT_EQ(mismatches, 0u) << "first at word " << first_bad;
}

}  // namespace
