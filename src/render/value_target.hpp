#pragma once
// The render targets compute publishes into (core/render_target.hpp): a host-only one that keeps
// values and statistics (range pre-passes, tests), and one backed by an R32F texture that the page
// renderer draws from. Both take the host path; a CUDA-registered texture target comes later.
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
class TextureTarget final : public HostTarget {
 public:
  TextureTarget(int64_t rows, int64_t cols);
  void commit_host(const ValueStats& stats) override;
  const Texture& texture() const { return texture_; }

 private:
  Texture texture_;
};

}  // namespace cerebro::render
