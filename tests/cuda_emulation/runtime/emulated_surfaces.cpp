// Emulated CUDA arrays, surface objects and graphics resources. A surface object is its array's
// address; surf2Dwrite checks its coordinates as cudaBoundaryModeTrap (the default) does, and a
// write out of bounds, which traps the real kernel, stops the test here. A graphics resource is an
// array that is reachable only while mapped; GL textures cannot be registered (cuda_gl_interop.h),
// so resources come from emulated_graphics.hpp's make_graphics_resource, for the tests of the
// backend's one-map-per-page path.
#include <cstring>
#include <string>
#include <vector>

#include "cerebro_emulation.hpp"
#include "cuda_gl_interop.h"
#include "emulated_graphics.hpp"

struct cudaArray {
  std::size_t width = 0;   // texels
  std::size_t height = 0;  // rows
  std::vector<float> texels;
};

struct cudaGraphicsResource {
  cudaArray array;
  bool mapped = false;
};

namespace cerebro::emulation {

cudaGraphicsResource_t make_graphics_resource(std::size_t width, std::size_t height) {
  // A value no kernel writes, so a texel left unwritten shows.
  return new cudaGraphicsResource{cudaArray{width, height, std::vector<float>(width * height, -777.0f)}, false};
}
void free_graphics_resource(cudaGraphicsResource_t resource) { delete resource; }
bool graphics_resource_mapped(cudaGraphicsResource_t resource) { return resource->mapped; }
std::vector<float> graphics_resource_texels(cudaGraphicsResource_t resource) { return resource->array.texels; }

void surface_write(float value, cudaSurfaceObject_t surface, int x_bytes, int y) {
  auto* array = reinterpret_cast<cudaArray*>(surface);
  if (array == nullptr) device_fault("surf2Dwrite to surface object 0");
  if (x_bytes < 0 || x_bytes % static_cast<int>(sizeof(float)) != 0 || y < 0 ||
      static_cast<std::size_t>(x_bytes) / sizeof(float) >= array->width ||
      static_cast<std::size_t>(y) >= array->height) {
    const std::string what = "surf2Dwrite out of bounds: x " + std::to_string(x_bytes) + " bytes, y " +
                             std::to_string(y) + " on a " + std::to_string(array->width) + " x " +
                             std::to_string(array->height) + " float array";
    device_fault(what.c_str());
  }
  array->texels[static_cast<std::size_t>(y) * array->width + static_cast<std::size_t>(x_bytes) / sizeof(float)] = value;
}

}  // namespace cerebro::emulation

cudaChannelFormatDesc cudaCreateChannelDesc(int x, int y, int z, int w, cudaChannelFormatKind f) {
  return cudaChannelFormatDesc{x, y, z, w, f};
}
cudaError_t cudaMallocArray(cudaArray_t* array, const cudaChannelFormatDesc* desc, std::size_t width,
                            std::size_t height, unsigned int) {
  // Only what the backend's targets use: one 32-bit float channel.
  if (desc->x != 32 || desc->y != 0 || desc->z != 0 || desc->w != 0 || desc->f != cudaChannelFormatKindFloat ||
      width == 0) {
    return cudaErrorInvalidValue;
  }
  const std::size_t rows = height == 0 ? 1 : height;
  *array = new cudaArray{width, rows, std::vector<float>(width * rows, -12345.0f)};
  return cudaSuccess;
}
cudaError_t cudaFreeArray(cudaArray_t array) {
  delete array;
  return cudaSuccess;
}
cudaError_t cudaMemcpy2DFromArray(void* dst, std::size_t dpitch, cudaArray_const_t src, std::size_t w_offset,
                                  std::size_t h_offset, std::size_t width, std::size_t height, cudaMemcpyKind) {
  if (src == nullptr || w_offset % sizeof(float) != 0 || width > dpitch ||
      w_offset + width > src->width * sizeof(float) || h_offset + height > src->height) {
    return cudaErrorInvalidValue;
  }
  for (std::size_t row = 0; row < height; ++row) {
    std::memcpy(static_cast<char*>(dst) + row * dpitch,
                src->texels.data() + (h_offset + row) * src->width + w_offset / sizeof(float), width);
  }
  return cudaSuccess;
}
cudaError_t cudaCreateSurfaceObject(cudaSurfaceObject_t* surface, const cudaResourceDesc* desc) {
  if (desc->resType != cudaResourceTypeArray || desc->res.array.array == nullptr) return cudaErrorInvalidValue;
  *surface = reinterpret_cast<cudaSurfaceObject_t>(desc->res.array.array);
  return cudaSuccess;
}
cudaError_t cudaDestroySurfaceObject(cudaSurfaceObject_t) { return cudaSuccess; }

cudaError_t cudaGraphicsGLRegisterImage(cudaGraphicsResource_t*, unsigned int, unsigned int, unsigned int) {
  return cudaErrorNotSupported;
}
cudaError_t cudaGraphicsUnregisterResource(cudaGraphicsResource_t resource) {
  return resource == nullptr ? cudaErrorInvalidResourceHandle : cudaSuccess;
}
cudaError_t cudaGraphicsMapResources(int count, cudaGraphicsResource_t* resources, cudaStream_t) {
  // All or nothing, as the runtime: one already mapped refuses the whole call.
  for (int i = 0; i < count; ++i) {
    if (resources[i]->mapped) return cudaErrorAlreadyMapped;
  }
  for (int i = 0; i < count; ++i) resources[i]->mapped = true;
  return cudaSuccess;
}
cudaError_t cudaGraphicsUnmapResources(int count, cudaGraphicsResource_t* resources, cudaStream_t) {
  for (int i = 0; i < count; ++i) {
    if (!resources[i]->mapped) return cudaErrorNotMapped;
  }
  for (int i = 0; i < count; ++i) resources[i]->mapped = false;
  return cudaSuccess;
}
cudaError_t cudaGraphicsSubResourceGetMappedArray(cudaArray_t* array, cudaGraphicsResource_t resource,
                                                  unsigned int index, unsigned int level) {
  if (!resource->mapped) return cudaErrorNotMapped;
  if (index != 0 || level != 0) return cudaErrorInvalidValue;
  *array = &resource->array;
  return cudaSuccess;
}
