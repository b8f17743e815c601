// The emulated CUDA runtime: device memory is host memory, every stream runs its work at once
// (in issue order, so streams and events order nothing), and a captured stream records its work
// as closures that cudaGraphLaunch replays. Copies check their pointers against the kind they
// were given, the one thing about memory the emulation can see that a real GPU would fault on.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

#include "cerebro_emulation.hpp"
#include "emulated_state.hpp"

namespace cerebro::emulation {
namespace {

struct Allocation {
  std::size_t bytes = 0;
  Memory memory = Memory::Device;
};

std::mutex g_mutex;
std::map<const char*, Allocation> g_allocations;  // by base address
cudaError_t g_last_error = cudaSuccess;

cudaError_t fail(cudaError_t error) {
  g_last_error = error;
  return error;
}

// Exactly `bytes` (256-aligned, as cudaMalloc's), so ASan reports a kernel that runs off the end.
void* allocate(std::size_t bytes, Memory memory) {
  void* pointer = nullptr;
  if (posix_memalign(&pointer, 256, bytes == 0 ? 1 : bytes) != 0) return nullptr;
  std::memset(pointer, 0xcd, bytes);  // never zero: code that reads before writing sees garbage
  const std::lock_guard lock(g_mutex);
  g_allocations[static_cast<const char*>(pointer)] = Allocation{bytes, memory};
  return pointer;
}

cudaError_t release(void* pointer, Memory memory) {
  if (pointer == nullptr) return cudaSuccess;
  const std::lock_guard lock(g_mutex);
  const auto found = g_allocations.find(static_cast<const char*>(pointer));
  if (found == g_allocations.end() || found->second.memory != memory) return fail(cudaErrorInvalidValue);
  g_allocations.erase(found);
  std::free(pointer);
  return cudaSuccess;
}

// Device-side pointers may be device or mapped pinned memory; host-side ones anything but device.
bool fits(const void* pointer, std::size_t bytes, bool device_side) {
  const Memory memory = memory_of(pointer, bytes);
  return device_side ? memory != Memory::Unknown : memory != Memory::Device;
}

bool copy_allowed(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind) {
  switch (kind) {
    case cudaMemcpyHostToDevice:
      return fits(dst, bytes, true) && fits(src, bytes, false);
    case cudaMemcpyDeviceToHost:
      return fits(dst, bytes, false) && fits(src, bytes, true);
    case cudaMemcpyDeviceToDevice:
      return fits(dst, bytes, true) && fits(src, bytes, true);
    default:
      return true;
  }
}

}  // namespace

Memory memory_of(const void* pointer, std::size_t bytes) {
  const auto* p = static_cast<const char*>(pointer);
  const std::lock_guard lock(g_mutex);
  auto after = g_allocations.upper_bound(p);
  if (after == g_allocations.begin()) return Memory::Unknown;
  const auto& [base, allocation] = *std::prev(after);
  return p + bytes <= base + allocation.bytes ? allocation.memory : Memory::Unknown;
}

bool capturing(cudaStream_t stream) { return stream != nullptr && stream->capturing; }

void enqueue(cudaStream_t stream, std::function<void()> work) {
  if (capturing(stream)) {
    stream->captured.push_back(std::move(work));
  } else {
    work();
  }
}

}  // namespace cerebro::emulation

namespace emu = cerebro::emulation;

cudaError_t cudaGetDeviceCount(int* count) {
  *count = 1;
  return cudaSuccess;
}
cudaError_t cudaSetDevice(int device) { return device == 0 ? cudaSuccess : emu::fail(cudaErrorInvalidValue); }
cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device) {
  if (device != 0) return emu::fail(cudaErrorInvalidValue);
  *prop = cudaDeviceProp{};
  std::snprintf(prop->name, sizeof prop->name, "%s", "cerebro host emulation (not a GPU)");
  prop->totalGlobalMem = std::size_t{16} << 30;
  prop->major = 9;
  prop->minor = 0;
  prop->multiProcessorCount = 4;
  return cudaSuccess;
}
cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int) {
  switch (attr) {
    case cudaDevAttrClockRate:
      *value = 1'000'000;  // kHz
      return cudaSuccess;
    case cudaDevAttrMemoryClockRate:
      *value = 1'000'000;  // kHz
      return cudaSuccess;
    case cudaDevAttrGlobalMemoryBusWidth:
      *value = 64;
      return cudaSuccess;
  }
  return emu::fail(cudaErrorInvalidValue);
}
cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }
cudaError_t cudaGetLastError() {
  const cudaError_t error = emu::g_last_error;
  emu::g_last_error = cudaSuccess;
  return error;
}
cudaError_t cudaPeekAtLastError() { return emu::g_last_error; }

const char* cudaGetErrorName(cudaError_t error) {
  switch (error) {
    case cudaSuccess:
      return "cudaSuccess";
    case cudaErrorInvalidValue:
      return "cudaErrorInvalidValue";
    case cudaErrorMemoryAllocation:
      return "cudaErrorMemoryAllocation";
    case cudaErrorInsufficientDriver:
      return "cudaErrorInsufficientDriver";
    case cudaErrorNoDevice:
      return "cudaErrorNoDevice";
    case cudaErrorInvalidResourceHandle:
      return "cudaErrorInvalidResourceHandle";
    case cudaErrorAlreadyMapped:
      return "cudaErrorAlreadyMapped";
    case cudaErrorNotMapped:
      return "cudaErrorNotMapped";
    case cudaErrorNotSupported:
      return "cudaErrorNotSupported";
    case cudaErrorStreamCaptureUnsupported:
      return "cudaErrorStreamCaptureUnsupported";
  }
  return "cudaErrorUnknown";
}
const char* cudaGetErrorString(cudaError_t error) {
  return error == cudaSuccess ? "no error" : "reported by the host emulation of the CUDA runtime";
}

cudaError_t cudaMalloc(void** pointer, std::size_t bytes) {
  *pointer = emu::allocate(bytes, emu::Memory::Device);
  return *pointer != nullptr ? cudaSuccess : emu::fail(cudaErrorMemoryAllocation);
}
cudaError_t cudaFree(void* pointer) { return emu::release(pointer, emu::Memory::Device); }
cudaError_t cudaHostAlloc(void** pointer, std::size_t bytes, unsigned int) {
  *pointer = emu::allocate(bytes, emu::Memory::PinnedHost);
  return *pointer != nullptr ? cudaSuccess : emu::fail(cudaErrorMemoryAllocation);
}
cudaError_t cudaFreeHost(void* pointer) { return emu::release(pointer, emu::Memory::PinnedHost); }
cudaError_t cudaHostGetDevicePointer(void** device, void* host, unsigned int) {
  if (emu::memory_of(host, 1) != emu::Memory::PinnedHost) return emu::fail(cudaErrorInvalidValue);
  *device = host;
  return cudaSuccess;
}
cudaError_t cudaMemGetInfo(std::size_t* free, std::size_t* total) {
  *total = std::size_t{16} << 30;
  *free = std::size_t{15} << 30;
  return cudaSuccess;
}
cudaError_t cudaPointerGetAttributes(cudaPointerAttributes* attributes, const void* pointer) {
  *attributes = cudaPointerAttributes{};
  const emu::Memory memory = emu::memory_of(pointer, 1);
  attributes->type = memory == emu::Memory::Device       ? cudaMemoryTypeDevice
                     : memory == emu::Memory::PinnedHost ? cudaMemoryTypeHost
                                                         : cudaMemoryTypeUnregistered;
  if (memory != emu::Memory::Unknown) {
    attributes->devicePointer = const_cast<void*>(pointer);
    attributes->hostPointer = memory == emu::Memory::PinnedHost ? const_cast<void*>(pointer) : nullptr;
  }
  return cudaSuccess;
}
cudaError_t cudaMemcpy(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind) {
  if (!emu::copy_allowed(dst, src, bytes, kind)) return emu::fail(cudaErrorInvalidValue);
  std::memmove(dst, src, bytes);
  return cudaSuccess;
}
cudaError_t cudaMemcpyAsync(void* dst, const void* src, std::size_t bytes, cudaMemcpyKind kind, cudaStream_t stream) {
  if (!emu::copy_allowed(dst, src, bytes, kind)) return emu::fail(cudaErrorInvalidValue);
  emu::enqueue(stream, [=] { std::memmove(dst, src, bytes); });
  return cudaSuccess;
}
cudaError_t cudaMemcpy2DAsync(void* dst, std::size_t dpitch, const void* src, std::size_t spitch, std::size_t width,
                              std::size_t height, cudaMemcpyKind kind, cudaStream_t stream) {
  if (width > dpitch || width > spitch) return emu::fail(cudaErrorInvalidValue);
  if (height > 0 && !emu::copy_allowed(dst, src, 0, kind)) return emu::fail(cudaErrorInvalidValue);
  if (height > 0 && (!emu::copy_allowed(static_cast<char*>(dst) + (height - 1) * dpitch, src, width, kind) ||
                     !emu::copy_allowed(dst, static_cast<const char*>(src) + (height - 1) * spitch, width, kind))) {
    return emu::fail(cudaErrorInvalidValue);
  }
  emu::enqueue(stream, [=] {
    for (std::size_t row = 0; row < height; ++row) {
      std::memmove(static_cast<char*>(dst) + row * dpitch, static_cast<const char*>(src) + row * spitch, width);
    }
  });
  return cudaSuccess;
}
cudaError_t cudaMemsetAsync(void* dst, int value, std::size_t bytes, cudaStream_t stream) {
  if (emu::memory_of(dst, bytes) == emu::Memory::Unknown) return emu::fail(cudaErrorInvalidValue);
  emu::enqueue(stream, [=] { std::memset(dst, value, bytes); });
  return cudaSuccess;
}
