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
  std::optional<int> cuda_device() const override;
  std::optional<DeviceInfo> device_info() const override;  // cudaMemGetInfo on this device

  // For tests and benchmarks.
  const CudaDevice& device() const;
  // CUDA graphs (default on) or the same work launched op by op.
  void set_graphs_enabled(bool enabled);
  // Small Dense layers as one fused kernel (default on) or always cuBLAS + epilogue; takes
  // effect at the next plan().
  void set_small_dense_fusion(bool enabled);
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
