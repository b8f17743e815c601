#include "render/value_target.hpp"

namespace cerebro::render {

HostTarget::HostTarget(int64_t rows, int64_t cols)
    : rows_(rows), cols_(cols), values_(static_cast<size_t>(rows * cols)) {}

TextureTarget::TextureTarget(int64_t rows, int64_t cols)
    : HostTarget(rows, cols), texture_(TextureFormat::R32F, static_cast<int>(cols), static_cast<int>(rows)) {}

void TextureTarget::commit_host(const ValueStats& stats) {
  HostTarget::commit_host(stats);
  texture_.upload(values().data());
}

}  // namespace cerebro::render
