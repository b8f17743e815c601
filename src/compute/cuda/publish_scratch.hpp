#pragma once
// The working memory of CudaBackend::publish_cells (cuda_publish.cpp), kept in the backend and
// grown, never shrunk, so a steady stream of pages allocates nothing: one statistics slot per cell
// and one percentile pair per cell in mapped host memory (the kernels write them, the host reads
// them after the one wait), the page's sort keys and CUB's scratch, and the host fallback's cells.
#include <cstdint>

#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda/cuda_memory.hpp"
#include "core/render_target.hpp"
#include "kernels/view_percentiles.cuh"
#include "kernels/view_stats.cuh"

namespace cerebro::compute::cuda {

struct PublishScratch {
  PinnedArray<kernels::DeviceStats> stats;  // mapped, one per cell
  kernels::DeviceStats* stats_device = nullptr;
  PinnedArray<kernels::PercentilePair> percentiles;  // mapped, one per cell wanting them
  kernels::PercentilePair* percentiles_device = nullptr;
  PinnedArray<kernels::PercentileCell> cells_host;  // uploaded to `cells` for the sort
  DeviceArray<kernels::PercentileCell> cells;
  DeviceArray<unsigned long long> keys;
  DeviceArray<unsigned long long> keys_alt;
  DeviceArray<unsigned char> sort_temp;
  DeviceArray<float> texels;       // the host fallback's cells, gathered back to back
  PinnedArray<float> texels_host;  // ... and their one copy down
  CudaBackend::PublishCounts counts;
};

// What the device reduced (kernels/view_stats.cuh) as the renderer's statistics, without
// percentiles. The kernel leaves +Inf / -Inf as min / max when nothing is finite; ValueStats
// says 0 then.
inline ValueStats value_stats_of(const kernels::DeviceStats& d) {
  ValueStats stats;
  stats.finite = static_cast<int64_t>(d.finite);
  stats.nan = static_cast<int64_t>(d.nan);
  stats.pos_inf = static_cast<int64_t>(d.pos_inf);
  stats.neg_inf = static_cast<int64_t>(d.neg_inf);
  if (stats.finite > 0) {
    stats.min = d.min;
    stats.max = d.max;
  }
  return stats;
}

// Reallocates `array` to hold at least `count` values (its contents are lost when it does).
template <typename T>
void grow(DeviceArray<T>& array, int64_t count) {
  if (array.size() < count) array = DeviceArray<T>(count);
}

template <typename T>
void grow(PinnedArray<T>& array, int64_t count, bool mapped = false) {
  if (array.size() < count) array = PinnedArray<T>(count, mapped);
}

}  // namespace cerebro::compute::cuda
