#pragma once
// The render targets compute publishes into (core/render_target.hpp): a host-only one that keeps
// values and statistics (range pre-passes, tests), and one backed by an R32F texture that the page
// renderer draws from. Both take the host path; with CUDA built in, make_texture_target can give
// the texture target whose texture CUDA writes directly (cuda_texture_target.hpp).
#include <memory>
#include <optional>
#include <vector>

#include "core/render_target.hpp"
#include "render/texture.hpp"

namespace cerebro::render {

class HostTarget : public RenderTarget {
 public:
  HostTarget(int64_t rows, int64_t cols);

  int64_t rows() const override { return rows_; }
  int64_t cols() const override { return cols_; }
  std::optional<std::pair<double, double>> wanted_percentiles() const override { return percentiles_; }
  std::span<float> host_values() override { return values_; }
  void commit_host(const ValueStats& stats) override { stats_ = stats; }

  void want_percentiles(std::optional<std::pair<double, double>> percentiles) { percentiles_ = percentiles; }
  const ValueStats& stats() const { return stats_; }
  const std::vector<float>& values() const { return values_; }

 private:
  int64_t rows_;
  int64_t cols_;
  std::vector<float> values_;
  ValueStats stats_;
  std::optional<std::pair<double, double>> percentiles_;
};

// Values land in host memory, then in an R32F texture of rows x cols texels on commit.
class TextureTarget : public HostTarget {
 public:
  TextureTarget(int64_t rows, int64_t cols);
  void commit_host(const ValueStats& stats) override;
  const Texture& texture() const { return texture_; }
  // Texel `index` (row-major) of the last publish, wherever it was written (the viewer's probe).
  virtual float texel_value(int64_t index) const { return values()[static_cast<size_t>(index)]; }

 private:
  Texture texture_;
};

// A TextureTarget for `rows` x `cols` cells. With `cuda_interop` (the CUDA backend publishes into
// it) and CUDA built in, one whose texture is registered with CUDA; it falls back to the host
// copy, saying so once, where the GL context cannot share textures with CUDA.
std::unique_ptr<TextureTarget> make_texture_target(int64_t rows, int64_t cols, bool cuda_interop);

}  // namespace cerebro::render
