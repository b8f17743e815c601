#pragma once
// State shared by the emulated runtime's files: streams (with their capture), and the registry
// of allocations that lets copies check which side of the bus each pointer is on.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <functional>
#include <vector>

struct CUstream_st {
  bool capturing = false;
  std::vector<std::function<void()>> captured;
};

namespace cerebro::emulation {

enum class Memory { Unknown, Device, PinnedHost };

// What `pointer` (through pointer + bytes) lies in; Unknown when it is not wholly inside one
// allocation of the runtime (plain host memory, or an out-of-range device pointer).
Memory memory_of(const void* pointer, std::size_t bytes);
bool capturing(cudaStream_t stream);

}  // namespace cerebro::emulation
