#pragma once
// The statistics the colormap's normalisation needs, reduced on the device over one cell's
// values: min and max over finite values, and the counts of finite, NaN, +Inf and -Inf values.
#include <cuda_runtime_api.h>

#include <cstdint>

#include "kernels/cell_view.cuh"

namespace cerebro::kernels {

struct DeviceStats {
  float min = 0.0f;  // +Inf / -Inf when no value is finite
  float max = 0.0f;
  unsigned long long finite = 0;
  unsigned long long nan = 0;
  unsigned long long pos_inf = 0;
  unsigned long long neg_inf = 0;
};

// Scratch that stays allocated between calls: kStatsBlocks partial results and a counter that
// must be 0 before the first call (each call leaves it 0 again).
constexpr int kStatsBlocks = 120;
struct StatsScratch {
  DeviceStats* partials = nullptr;
  unsigned int* blocks_done = nullptr;
};

// Reduces the view's values (`values`: one pattern's output) into *result, which may be mapped
// host memory. A view with count 0 gives zero counts and launches nothing (result untouched).
void view_stats(cudaStream_t stream, const CellView& view, const float* values, StatsScratch scratch,
                DeviceStats* result);

}  // namespace cerebro::kernels
