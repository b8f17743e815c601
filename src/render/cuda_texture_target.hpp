#pragma once
// The production path from the CUDA backend to the screen: an R32F texture registered with CUDA
// once (cudaGraphicsGLRegisterImage, SurfaceLoadStore), mapped on the compute stream for each
// publish (with every other texture of the page, in one call: Backend::publish_cells), written by
// the backend's kernel through a surface object, and unmapped right after, so it is never mapped
// while GL draws (instant-ngp keeps its texture mapped for life; the CUDA docs leave GL's use of a
// mapped resource undefined). Where GL cannot share textures with CUDA
// (a Mesa context, a context on another GPU) it is a plain TextureTarget fed through host memory,
// and the first such target says so once. Built only with CUDA (src/render/CMakeLists.txt);
// callers get it from make_texture_target. Needs the GL context current and the CUDA device set.
#include <string>
#include <vector>

#include "render/value_target.hpp"

namespace cerebro::render {

class CudaTextureTarget final : public TextureTarget {
 public:
  CudaTextureTarget(int64_t rows, int64_t cols);
  ~CudaTextureTarget() override;
  CudaTextureTarget(const CudaTextureTarget&) = delete;
  CudaTextureTarget& operator=(const CudaTextureTarget&) = delete;

  void commit_host(const ValueStats& stats) override;
  // Null when the texture is not registered: the backend then takes the host path.
  std::optional<uint64_t> map_device_surface(void* cuda_stream) override;
  void unmap_device_surface(void* cuda_stream, const ValueStats& stats) override;
  // The registered texture (null when not registered), for the backend to map a page's textures
  // in one call (core/render_target.hpp); commit_device takes the statistics once it is unmapped.
  void* graphics_resource() override { return resource_; }
  void commit_device(const ValueStats& stats) override;
  float texel_value(int64_t index) const override;

  // Whether CUDA writes the texture directly (false: host fallback).
  bool registered() const { return resource_ != nullptr; }
  bool mapped() const { return surface_ != 0; }

 private:
  void* resource_ = nullptr;  // cudaGraphicsResource_t
  uint64_t surface_ = 0;      // cudaSurfaceObject_t while mapped
  bool device_written_ = false;  // the texture holds values the host copy lacks
  mutable std::vector<float> read_back_;  // the texture as GL reads it back, for texel_value
};

// Why this GL context cannot share textures with CUDA, or empty when it can (an NVIDIA context).
std::string cuda_interop_refusal();

}  // namespace cerebro::render
