#include "compute/cuda/mapped_page.hpp"

#include "compute/cuda/cuda_check.hpp"
#include "core/error.hpp"

namespace cerebro::compute::cuda {
namespace {

cudaSurfaceObject_t surface_of(cudaGraphicsResource_t resource) {
  // The array behind a mapped texture may change from one mapping to the next: ask every time.
  cudaArray_t array = nullptr;
  CUDA_CHECK(cudaGraphicsSubResourceGetMappedArray(&array, resource, 0, 0));
  cudaResourceDesc description{};
  description.resType = cudaResourceTypeArray;
  description.res.array.array = array;
  cudaSurfaceObject_t surface = 0;
  CUDA_CHECK(cudaCreateSurfaceObject(&surface, &description));
  return surface;
}

}  // namespace

void MappedPage::map(std::span<RenderTarget* const> targets) {
  sinks_.assign(targets.size(), CellSink::Host);
  surfaces_.assign(targets.size(), 0);
  std::vector<size_t> grouped;
  for (size_t i = 0; i < targets.size(); ++i) {
    if (void* resource = targets[i]->graphics_resource()) {
      resources_.push_back(static_cast<cudaGraphicsResource_t>(resource));
      grouped.push_back(i);
    }
  }
  if (!resources_.empty()) {
    // One call for the page: mapping orders every GL command issued before it ahead of the
    // stream's later work, and whatever synchronisation with GL that takes is paid once per page,
    // not once per texture.
    CUDA_CHECK(cudaGraphicsMapResources(static_cast<int>(resources_.size()), resources_.data(), stream_));
    group_mapped_ = true;
    ++counts_.map_calls;
    for (size_t k = 0; k < grouped.size(); ++k) {
      surfaces_[grouped[k]] = surface_of(resources_[k]);
      sinks_[grouped[k]] = CellSink::Group;
    }
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    if (sinks_[i] == CellSink::Group) continue;
    if (const std::optional<uint64_t> surface = targets[i]->map_device_surface(stream_)) {
      own_mapped_.push_back(targets[i]);
      ++counts_.map_calls;
      surfaces_[i] = *surface;
      sinks_[i] = CellSink::Own;
    }
  }
}

void MappedPage::release_group() {
  for (size_t i = 0; i < sinks_.size(); ++i) {
    if (sinks_[i] != CellSink::Group || surfaces_[i] == 0) continue;
    (void)cudaDestroySurfaceObject(surfaces_[i]);
    surfaces_[i] = 0;
  }
  if (!group_mapped_) return;
  group_mapped_ = false;
  ++counts_.unmap_calls;
  // Unmapping orders the stream's writes before any GL command issued after it (CUDA runtime API,
  // cudaGraphicsUnmapResources): GL may draw the textures with no further host synchronisation.
  CUDA_CHECK(cudaGraphicsUnmapResources(static_cast<int>(resources_.size()), resources_.data(), stream_));
}

void MappedPage::finish(std::span<RenderTarget* const> targets, std::span<const ValueStats> stats) {
  release_group();
  for (size_t i = 0; i < targets.size(); ++i) {
    if (sinks_[i] == CellSink::Own) {
      // Off the list first: a target that throws here is not handed back twice.
      std::erase(own_mapped_, targets[i]);
      ++counts_.unmap_calls;
      targets[i]->unmap_device_surface(stream_, stats[i]);
    }
  }
  for (size_t i = 0; i < targets.size(); ++i) {
    if (sinks_[i] == CellSink::Group) targets[i]->commit_device(stats[i]);
  }
}

MappedPage::~MappedPage() {
  // Only an error between map() and finish() leaves anything mapped. The first error is the one
  // being reported: these are best effort. The wait keeps the surfaces alive until the kernels
  // already queued that write them have run.
  if (group_mapped_ || !own_mapped_.empty()) (void)cudaStreamSynchronize(stream_);
  try {
    release_group();
  } catch (...) {
  }
  for (RenderTarget* target : own_mapped_) {
    try {
      target->unmap_device_surface(stream_, ValueStats{});
    } catch (...) {
    }
  }
}

}  // namespace cerebro::compute::cuda
