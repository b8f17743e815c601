#pragma once
// Render targets with a device surface, for the CUDA publish tests and the GPU benchmark:
//   - CudaArrayTarget: a plain CUDA array made for surface writes (no GL at all);
//   - GlInteropTarget: an R32F GL texture registered with CUDA once, mapped and unmapped on the
//     caller's stream every time it is written (never left mapped), read back through GL.
// Both keep the statistics they were handed, and offer the host path too.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/render_target.hpp"

namespace cerebro::testing {

class CudaArrayTarget final : public RenderTarget {
 public:
  CudaArrayTarget(int64_t rows, int64_t cols);
  ~CudaArrayTarget() override;
  CudaArrayTarget(const CudaArrayTarget&) = delete;
  CudaArrayTarget& operator=(const CudaArrayTarget&) = delete;

  int64_t rows() const override { return rows_; }
  int64_t cols() const override { return cols_; }
  std::optional<std::pair<double, double>> wanted_percentiles() const override { return percentiles_; }
  std::span<float> host_values() override { return host_; }
  void commit_host(const ValueStats& stats) override { stats_ = stats; }
  std::optional<uint64_t> map_device_surface(void* stream) override;
  void unmap_device_surface(void* stream, const ValueStats& stats) override;

  void want_percentiles(std::optional<std::pair<double, double>> p) { percentiles_ = p; }
  // The array's texels, copied back (waits for the device).
  std::vector<float> read_back() const;
  const ValueStats& stats() const { return stats_; }
  int maps() const { return maps_; }

 private:
  int64_t rows_;
  int64_t cols_;
  void* array_ = nullptr;  // cudaArray_t
  uint64_t surface_ = 0;
  std::vector<float> host_;
  ValueStats stats_;
  std::optional<std::pair<double, double>> percentiles_;
  int maps_ = 0;
};

// Needs a current GL context on the CUDA device (render::EglContext(0)).
class GlInteropTarget final : public RenderTarget {
 public:
  GlInteropTarget(int64_t rows, int64_t cols);
  ~GlInteropTarget() override;
  GlInteropTarget(const GlInteropTarget&) = delete;
  GlInteropTarget& operator=(const GlInteropTarget&) = delete;

  int64_t rows() const override { return rows_; }
  int64_t cols() const override { return cols_; }
  std::span<float> host_values() override { return host_; }
  void commit_host(const ValueStats& stats) override;
  std::optional<uint64_t> map_device_surface(void* stream) override;
  void unmap_device_surface(void* stream, const ValueStats& stats) override;

  // What GL sees in the texture (glGetTexImage).
  std::vector<float> read_back() const;
  const ValueStats& stats() const { return stats_; }
  bool mapped() const { return surface_ != 0; }

 private:
  int64_t rows_;
  int64_t cols_;
  unsigned texture_ = 0;
  void* resource_ = nullptr;  // cudaGraphicsResource_t
  uint64_t surface_ = 0;
  std::vector<float> host_;
  ValueStats stats_;
};

}  // namespace cerebro::testing
