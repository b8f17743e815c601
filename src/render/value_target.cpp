#include "render/value_target.hpp"

#ifdef CEREBRO_RENDER_CUDA
#include "render/cuda_texture_target.hpp"
#endif

namespace cerebro::render {

HostTarget::HostTarget(int64_t rows, int64_t cols)
    : rows_(rows), cols_(cols), values_(static_cast<size_t>(rows * cols)) {}

TextureTarget::TextureTarget(int64_t rows, int64_t cols)
    : HostTarget(rows, cols), texture_(TextureFormat::R32F, static_cast<int>(cols), static_cast<int>(rows)) {}

void TextureTarget::commit_host(const ValueStats& stats) {
  HostTarget::commit_host(stats);
  texture_.upload(values().data());
}

std::unique_ptr<TextureTarget> make_texture_target(int64_t rows, int64_t cols, bool cuda_interop) {
#ifdef CEREBRO_RENDER_CUDA
  if (cuda_interop) return std::make_unique<CudaTextureTarget>(rows, cols);
#else
  (void)cuda_interop;  // no CUDA backend in this build: nothing could write a texture directly
#endif
  return std::make_unique<TextureTarget>(rows, cols);
}

}  // namespace cerebro::render
