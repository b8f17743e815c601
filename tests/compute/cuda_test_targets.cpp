#include "compute/cuda_test_targets.hpp"

// clang-format off
// glad first: it defines __gl_h_, which keeps cuda_gl_interop.h from including <GL/gl.h>.
#include "render/gl.hpp"
#include <cuda_gl_interop.h>
#include <cuda_runtime_api.h>
// clang-format on

#include <string>

#include "core/error.hpp"

namespace cerebro::testing {
namespace {

void check(cudaError_t error, const char* what) {
  if (error != cudaSuccess) {
    (void)cudaGetLastError();
    throw_internal("test target",
                   std::string(what) + ": " + cudaGetErrorName(error) + " (" + cudaGetErrorString(error) + ")");
  }
}

cudaSurfaceObject_t make_surface(cudaArray_t array) {
  cudaResourceDesc resource{};
  resource.resType = cudaResourceTypeArray;
  resource.res.array.array = array;
  cudaSurfaceObject_t surface = 0;
  check(cudaCreateSurfaceObject(&surface, &resource), "cudaCreateSurfaceObject");
  return surface;
}

}  // namespace

CudaArrayTarget::CudaArrayTarget(int64_t rows, int64_t cols)
    : rows_(rows), cols_(cols), host_(static_cast<size_t>(rows * cols)) {
  const cudaChannelFormatDesc format = cudaCreateChannelDesc(32, 0, 0, 0, cudaChannelFormatKindFloat);
  cudaArray_t array = nullptr;
  check(
      cudaMallocArray(&array, &format, static_cast<size_t>(cols), static_cast<size_t>(rows), cudaArraySurfaceLoadStore),
      "cudaMallocArray");
  array_ = array;
  surface_ = make_surface(array);
}

CudaArrayTarget::~CudaArrayTarget() {
  (void)cudaDestroySurfaceObject(surface_);
  (void)cudaFreeArray(static_cast<cudaArray_t>(array_));
}

std::optional<uint64_t> CudaArrayTarget::map_device_surface(void*) {
  ++maps_;
  return surface_;
}

void CudaArrayTarget::unmap_device_surface(void*, const ValueStats& stats) { stats_ = stats; }

std::vector<float> CudaArrayTarget::read_back() const {
  std::vector<float> texels(static_cast<size_t>(rows_ * cols_));
  const size_t row_bytes = static_cast<size_t>(cols_) * sizeof(float);
  check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  check(cudaMemcpy2DFromArray(texels.data(), row_bytes, static_cast<cudaArray_const_t>(array_), 0, 0, row_bytes,
                              static_cast<size_t>(rows_), cudaMemcpyDeviceToHost),
        "cudaMemcpy2DFromArray");
  return texels;
}

GlInteropTarget::GlInteropTarget(int64_t rows, int64_t cols)
    : rows_(rows), cols_(cols), host_(static_cast<size_t>(rows * cols)) {
  GLuint texture = 0;
  glGenTextures(1, &texture);
  texture_ = texture;
  glBindTexture(GL_TEXTURE_2D, texture_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, static_cast<GLsizei>(cols), static_cast<GLsizei>(rows), 0, GL_RED, GL_FLOAT,
               nullptr);
  render::check_gl("creating the interop texture");
  cudaGraphicsResource_t resource = nullptr;
  // Registered once; SurfaceLoadStore so a kernel can surf2Dwrite into the mapped array.
  check(cudaGraphicsGLRegisterImage(&resource, texture_, GL_TEXTURE_2D, cudaGraphicsRegisterFlagsSurfaceLoadStore),
        "cudaGraphicsGLRegisterImage");
  resource_ = resource;
}

GlInteropTarget::~GlInteropTarget() {
  if (resource_ != nullptr) (void)cudaGraphicsUnregisterResource(static_cast<cudaGraphicsResource_t>(resource_));
  GLuint texture = texture_;
  glDeleteTextures(1, &texture);
}

void GlInteropTarget::commit_host(const ValueStats& stats) {
  stats_ = stats;
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, static_cast<GLsizei>(cols_), static_cast<GLsizei>(rows_), GL_RED, GL_FLOAT,
                  host_.data());
  render::check_gl("uploading host values");
}

std::optional<uint64_t> GlInteropTarget::map_device_surface(void* stream) {
  auto resource = static_cast<cudaGraphicsResource_t>(resource_);
  check(cudaGraphicsMapResources(1, &resource, static_cast<cudaStream_t>(stream)), "cudaGraphicsMapResources");
  cudaArray_t array = nullptr;
  check(cudaGraphicsSubResourceGetMappedArray(&array, resource, 0, 0), "cudaGraphicsSubResourceGetMappedArray");
  surface_ = make_surface(array);
  return surface_;
}

void GlInteropTarget::unmap_device_surface(void* stream, const ValueStats& stats) {
  stats_ = stats;
  (void)cudaDestroySurfaceObject(surface_);
  surface_ = 0;
  auto resource = static_cast<cudaGraphicsResource_t>(resource_);
  // Unmapping orders the stream's writes before any later GL command (CUDA runtime API reference,
  // cudaGraphicsUnmapResources): no host synchronisation needed before GL reads.
  check(cudaGraphicsUnmapResources(1, &resource, static_cast<cudaStream_t>(stream)), "cudaGraphicsUnmapResources");
}

std::vector<float> GlInteropTarget::read_back() const {
  std::vector<float> texels(static_cast<size_t>(rows_ * cols_));
  glBindTexture(GL_TEXTURE_2D, texture_);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glGetTexImage(GL_TEXTURE_2D, 0, GL_RED, GL_FLOAT, texels.data());
  render::check_gl("reading the interop texture back");
  return texels;
}

}  // namespace cerebro::testing
