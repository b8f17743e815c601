#pragma once
// The CUDA backend: every layer's output in device memory, computed on one stream (one CUDA graph
// per batch size once captured), inputs uploaded from pinned buffers on a second stream, shown
// cells published straight into render targets' surfaces. No CUDA header here (pimpl), so
// compute/backend.cpp stays plain C++.
#include <memory>
#include <string>
#include <vector>

#include "compute/backend.hpp"
#include "compute/cuda/cuda_device.hpp"

namespace cerebro::compute::cuda {

class CudaBackend final : public Backend {
 public:
  // Needs a usable device (probe_cuda_device()); throws Unsupported naming why otherwise.
  CudaBackend();
  ~CudaBackend() override;
  CudaBackend(const CudaBackend&) = delete;
  CudaBackend& operator=(const CudaBackend&) = delete;

  std::string_view name() const override { return "cuda"; }
  bool supports(const model::Layer& layer) const override;
  void plan(const model::Graph& graph, int64_t max_batch) override;
  // Asynchronous: returns once the batch is queued (and `inputs` read, when they are page-locked);
  // download() and publish() wait for it.
  void run(std::span<const float* const> inputs, int64_t batch) override;
  void download(int index, std::span<float> destination) const override;
  void publish(const PublishView& view, RenderTarget& target) const override;  // cuda_publish.cpp
  // One map call for the page's interop targets, every write and reduction (percentiles too) on
  // the compute stream, one wait, one unmap call.
  void publish_cells(std::span<const PublishView> views, std::span<RenderTarget* const> targets) const override;
  // One reduction per output buffer on the compute stream (kernels::view_stats), one wait for all.
  std::vector<ValueStats> output_stats(int64_t pattern) const override;  // cuda_output_stats.cpp
  std::optional<int> cuda_device() const override;
  std::optional<DeviceInfo> device_info() const override;  // cudaMemGetInfo on this device

  // For tests and benchmarks.
  const CudaDevice& device() const;
  // CUDA graphs (default on) or the same work launched op by op.
  void set_graphs_enabled(bool enabled);
  // Small Dense layers as one fused kernel (default on) or always cuBLAS + epilogue; takes
  // effect at the next plan().
  void set_small_dense_fusion(bool enabled);
  // Interop calls and stream waits publishing has made so far (tests and the benchmark).
  struct PublishCounts {
    int64_t map_calls = 0;    // cudaGraphicsMapResources, and map_device_surface of other targets
    int64_t unmap_calls = 0;  // cudaGraphicsUnmapResources, and unmap_device_surface
    int64_t stream_waits = 0;
  };
  PublishCounts publish_counts() const;
  // Waits until the last run (and any publish) has finished on the device.
  void synchronize() const;
  // The compute stream (a cudaStream_t): render targets map their surfaces on it.
  void* stream() const;
  // Names of the layers whose output buffer's guard values (a bit pattern written around every
  // buffer in plan()) were overwritten: a kernel wrote outside its output. Waits for the device.
  std::vector<std::string> damaged_guards() const;

  struct Impl;  // cuda_backend.cpp; public so cuda_publish.cpp can reach it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cerebro::compute::cuda
