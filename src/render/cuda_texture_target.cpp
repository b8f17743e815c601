#include "render/cuda_texture_target.hpp"

// clang-format off
// glad first: it defines __gl_h_, which keeps cuda_gl_interop.h from including <GL/gl.h>.
#include "render/gl.hpp"
#include <cuda_gl_interop.h>
#include <cuda_runtime_api.h>
// clang-format on

#include <atomic>

#include "core/error.hpp"
#include "core/log.hpp"

namespace cerebro::render {
namespace {

std::string cuda_text(cudaError_t error) {
  return std::string(cudaGetErrorName(error)) + " (" + cudaGetErrorString(error) + ")";
}

// Throws the Internal error for a failed interop call; clears CUDA's (non-sticky) last error.
void check(cudaError_t error, const char* call) {
  if (error == cudaSuccess) return;
  (void)cudaGetLastError();
  throw_internal("CUDA-GL interop", std::string(call) + " failed: " + cuda_text(error));
}

// The fallback is a property of the context, the same for every texture: said once per process.
void warn_host_fallback(const std::string& why) {
  static std::atomic<bool> said{false};
  if (!said.exchange(true)) {
    log_warning("GL textures cannot be shared with CUDA here (" + why +
                "): layer values reach the renderer through host memory");
  }
}

}  // namespace

std::string cuda_interop_refusal() {
  const auto* vendor = reinterpret_cast<const char*>(glGetString(GL_VENDOR));
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  // Only NVIDIA's GL driver implements CUDA interop; on another driver (Mesa's llvmpipe on a
  // headless machine) the registration call is not worth risking.
  if (vendor == nullptr || std::string(vendor).find("NVIDIA") == std::string::npos) {
    return std::string("OpenGL runs on ") + (renderer ? renderer : "an unknown renderer") + ", not an NVIDIA driver";
  }
  return {};
}

CudaTextureTarget::CudaTextureTarget(int64_t rows, int64_t cols) : TextureTarget(rows, cols) {
  std::string why = cuda_interop_refusal();
  if (why.empty()) {
    cudaGraphicsResource_t resource = nullptr;
    const cudaError_t error = cudaGraphicsGLRegisterImage(&resource, texture().id(), GL_TEXTURE_2D,
                                                          cudaGraphicsRegisterFlagsSurfaceLoadStore);
    if (error == cudaSuccess) {
      resource_ = resource;
      return;
    }
    (void)cudaGetLastError();
    why = "cudaGraphicsGLRegisterImage: " + cuda_text(error);
  }
  warn_host_fallback(why);
}

CudaTextureTarget::~CudaTextureTarget() {
  if (resource_ == nullptr) return;
  auto resource = static_cast<cudaGraphicsResource_t>(resource_);
  if (surface_ != 0) {
    // Only an exception between map and unmap leaves it mapped; GL must get it back regardless.
    (void)cudaDestroySurfaceObject(surface_);
    (void)cudaGraphicsUnmapResources(1, &resource, nullptr);
  }
  (void)cudaGraphicsUnregisterResource(resource);
}

void CudaTextureTarget::commit_host(const ValueStats& stats) {
  TextureTarget::commit_host(stats);
  device_written_ = false;
}

std::optional<uint64_t> CudaTextureTarget::map_device_surface(void* cuda_stream) {
  if (resource_ == nullptr) return std::nullopt;
  if (surface_ != 0) throw_internal("CUDA-GL interop", "the texture is already mapped");
  auto resource = static_cast<cudaGraphicsResource_t>(resource_);
  auto stream = static_cast<cudaStream_t>(cuda_stream);
  // Mapping orders every GL command issued before it ahead of the stream's later work.
  check(cudaGraphicsMapResources(1, &resource, stream), "cudaGraphicsMapResources");
  try {
    // The array behind a mapped texture may change from one mapping to the next: ask every time.
    cudaArray_t array = nullptr;
    check(cudaGraphicsSubResourceGetMappedArray(&array, resource, 0, 0), "cudaGraphicsSubResourceGetMappedArray");
    cudaResourceDesc description{};
    description.resType = cudaResourceTypeArray;
    description.res.array.array = array;
    cudaSurfaceObject_t surface = 0;
    check(cudaCreateSurfaceObject(&surface, &description), "cudaCreateSurfaceObject");
    surface_ = surface;
  } catch (...) {
    (void)cudaGraphicsUnmapResources(1, &resource, stream);
    throw;
  }
  return surface_;
}

void CudaTextureTarget::unmap_device_surface(void* cuda_stream, const ValueStats& stats) {
  if (surface_ == 0) throw_internal("CUDA-GL interop", "unmapping a texture that is not mapped");
  auto resource = static_cast<cudaGraphicsResource_t>(resource_);
  // The backend has waited for its writes (its statistics come from the same stream) before it
  // hands the surface back, so the object can go now.
  (void)cudaDestroySurfaceObject(surface_);
  surface_ = 0;
  // Unmapping orders the stream's writes before any GL command issued after it (CUDA runtime API,
  // cudaGraphicsUnmapResources): GL may draw the texture with no host synchronisation.
  check(cudaGraphicsUnmapResources(1, &resource, static_cast<cudaStream_t>(cuda_stream)), "cudaGraphicsUnmapResources");
  commit_device(stats);
}

void CudaTextureTarget::commit_device(const ValueStats& stats) {
  if (surface_ != 0) throw_internal("CUDA-GL interop", "the texture is still mapped");
  HostTarget::commit_host(stats);  // the statistics only: the values are in the texture already
  device_written_ = true;
  read_back_.clear();
}

float CudaTextureTarget::texel_value(int64_t index) const {
  if (!device_written_) return TextureTarget::texel_value(index);
  if (read_back_.empty()) {
    read_back_.resize(static_cast<size_t>(rows() * cols()));
    texture().read(read_back_.data());
  }
  return read_back_[static_cast<size_t>(index)];
}

}  // namespace cerebro::render
