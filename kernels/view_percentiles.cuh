#pragma once
// Percentiles of many cells at once (a page), over each cell's finite values, exactly as
// compute/publish.cpp's value_stats computes them on the host: NumPy's default "linear" method,
// position p/100 * (n - 1) between the sorted finite values, interpolated in double.
//
// One sort serves the whole page: every value becomes a 64-bit key, its cell's index above the
// float's bits mapped to an unsigned order (non-finite values map above every finite one), so one
// cub::DeviceRadixSort lays the cells out one after the other, each with its finite values first
// and sorted.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>

#include "kernels/cell_view.cuh"

namespace cerebro::kernels {

// One cell: its view into one pattern's output (`values`), where its keys start (`first`: the
// sum of the counts of the cells before it) and the two percentiles in [0, 100] it wants.
struct PercentileCell {
  CellView view;
  const float* values = nullptr;
  int64_t first = 0;
  double p_lo = 0.0;
  double p_hi = 0.0;
};

struct PercentilePair {
  float lo = 0.0f;  // meaningless when the cell has no finite value
  float hi = 0.0f;
};

// Working memory the caller keeps and grows: two key buffers of `total` keys each and CUB's
// temporary storage. With `temp` null, view_percentiles only sets `temp_bytes` to what it needs
// for `cell_count` cells of `total` values (nothing is launched; `cells` and `results` may be null).
struct PercentileScratch {
  unsigned long long* keys = nullptr;
  unsigned long long* keys_alt = nullptr;
  void* temp = nullptr;
  size_t temp_bytes = 0;
};

// `cells` (device memory, `cell_count` of them, the keys of cell c at [first, first + count))
// cover `total` values; writes results[c] (device or mapped memory) for every cell. Returns the
// CUB status (cudaSuccess, or the error of its own launches); the caller still checks
// cudaGetLastError for the kernels around the sort.
cudaError_t view_percentiles(cudaStream_t stream, const PercentileCell* cells, int cell_count, int64_t total,
                             PercentileScratch& scratch, PercentilePair* results);

}  // namespace cerebro::kernels
