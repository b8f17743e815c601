#pragma once
// The render targets of one page while CudaBackend::publish_cells writes them. Targets backed by
// a CUDA graphics resource (GL textures registered with CUDA) are mapped together, in ONE
// cudaGraphicsMapResources call on the compute stream, and unmapped together in ONE call once the
// stream has been waited for; targets that map their own surface (map_device_surface) are mapped
// one by one; the rest take the host path. Whatever happens in between, the destructor unmaps
// everything still mapped: GL must never find a texture mapped when it draws (CUDA runtime API,
// cudaGraphicsMapResources: using a mapped resource from GL is undefined).
#include <cuda_runtime_api.h>

#include <cstdint>
#include <span>
#include <vector>

#include "compute/cuda/cuda_backend.hpp"
#include "core/render_target.hpp"

namespace cerebro::compute::cuda {

enum class CellSink {
  Group,  // a surface of the page's group mapping
  Own,    // the target's own map_device_surface()
  Host,   // host_values() through a device gather and one copy down
};

class MappedPage {
 public:
  MappedPage(cudaStream_t stream, CudaBackend::PublishCounts& counts) : stream_(stream), counts_(counts) {}
  ~MappedPage();
  MappedPage(const MappedPage&) = delete;
  MappedPage& operator=(const MappedPage&) = delete;

  // Maps every target; sinks[i] and surfaces[i] (a cudaSurfaceObject_t, 0 for Host) say where
  // cell i goes. Throws Internal on a failed CUDA call, with everything mapped so far still
  // unmapped by the destructor.
  void map(std::span<RenderTarget* const> targets);
  CellSink sink(size_t i) const { return sinks_[i]; }
  uint64_t surface(size_t i) const { return surfaces_[i]; }

  // After the stream has been waited for: frees the surfaces, unmaps the group in one call and
  // each Own target, handing every device-written target its statistics (stats[i]).
  void finish(std::span<RenderTarget* const> targets, std::span<const ValueStats> stats);

 private:
  void release_group();

  cudaStream_t stream_;
  CudaBackend::PublishCounts& counts_;
  std::vector<CellSink> sinks_;
  std::vector<uint64_t> surfaces_;
  std::vector<cudaGraphicsResource_t> resources_;  // the group, mapped while group_mapped_
  bool group_mapped_ = false;
  std::vector<RenderTarget*> own_mapped_;  // Own targets not handed back yet
};

}  // namespace cerebro::compute::cuda
