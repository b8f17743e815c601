#include <cub/device/device_radix_sort.cuh>

#include "kernels/launch.cuh"
#include "kernels/view_percentiles.cuh"

namespace cerebro::kernels {

// Above every finite float's key (the largest, FLT_MAX, maps to 0xff7fffff), so a cell's
// non-finite values sort after its finite ones and never inside them.
constexpr unsigned int kNotFinite = 0xffffffffu;

// A float's bits as an unsigned key in the float's order: negative values flipped whole, positive
// ones with the sign bit set (the usual radix-sort mapping; -0 sorts just below +0, equal in value).
static __device__ unsigned int order_key(float v) {
  if (!isfinite(v)) return kNotFinite;
  const unsigned int bits = __float_as_uint(v);
  return (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
}

static __device__ float key_value(unsigned long long key) {
  const auto bits = static_cast<unsigned int>(key & 0xffffffffull);
  return __uint_as_float((bits & 0x80000000u) != 0 ? bits & 0x7fffffffu : ~bits);
}

// The last cell whose keys start at or before key i (cells with no value share their `first`
// with the next cell, which is the one holding i).
static __device__ int cell_of_key(int64_t i, const PercentileCell* cells, int cell_count) {
  int lo = 0;
  int hi = cell_count;  // cells[lo].first <= i < cells[hi].first, hi == cell_count meaning "end"
  while (hi - lo > 1) {
    const int mid = lo + (hi - lo) / 2;
    if (cells[mid].first <= i) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}

static __global__ void percentile_keys_kernel(int64_t n, const PercentileCell* __restrict__ cells, int cell_count,
                                              unsigned long long* __restrict__ keys) {
  const int64_t i = thread_index();
  if (i >= n) return;
  const int c = cell_of_key(i, cells, cell_count);
  const CellView& view = cells[c].view;
  const int64_t k = i - cells[c].first;
  const float v = cells[c].values[view.offset + (k / view.cols) * view.row_stride + (k % view.cols) * view.col_stride];
  keys[i] = (static_cast<unsigned long long>(c) << 32) | order_key(v);
}

// compute/publish.cpp's percentile_of_sorted, operation for operation in double. The _rn
// intrinsics keep nvcc from fusing (b - a) * fraction + a into one FMA, which rounds once where
// the host rounds twice.
static __device__ float percentile_of_sorted(const unsigned long long* sorted, int64_t n, double p) {
  const double position = __dmul_rn(__ddiv_rn(p, 100.0), static_cast<double>(n - 1));
  const auto below = static_cast<int64_t>(floor(position));
  const int64_t above = below + 1 < n - 1 ? below + 1 : n - 1;
  const double fraction = __dsub_rn(position, static_cast<double>(below));
  const double a = key_value(sorted[below]);
  const double b = key_value(sorted[above]);
  return __double2float_rn(__dadd_rn(a, __dmul_rn(__dsub_rn(b, a), fraction)));
}

static __global__ void pick_percentiles_kernel(int64_t n, const PercentileCell* __restrict__ cells,
                                               const unsigned long long* __restrict__ sorted,
                                               PercentilePair* __restrict__ results) {
  const int64_t c = thread_index();
  if (c >= n) return;
  const unsigned long long* segment = sorted + cells[c].first;
  const unsigned long long not_finite = (static_cast<unsigned long long>(c) << 32) | kNotFinite;
  // The finite values come first: count them by binary search for the first non-finite key.
  int64_t lo = 0;
  int64_t hi = cells[c].view.count;
  while (lo < hi) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (segment[mid] < not_finite) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const int64_t finite = lo;
  PercentilePair pair;
  if (finite > 0) {
    pair.lo = percentile_of_sorted(segment, finite, cells[c].p_lo);
    pair.hi = percentile_of_sorted(segment, finite, cells[c].p_hi);
  }
  results[c] = pair;
}

static int cell_bits(int cell_count) {
  int bits = 0;
  while (bits < 31 && (1ll << bits) < cell_count) ++bits;
  return bits;
}

static cudaError_t launch_view_percentiles(cudaStream_t stream, int64_t total, const PercentileCell* cells,
                                           int cell_count, PercentileScratch& scratch, PercentilePair* results) {
  cub::DoubleBuffer<unsigned long long> keys(scratch.keys, scratch.keys_alt);
  const int end_bit = 32 + cell_bits(cell_count);
  const int items = static_cast<int>(total);
  if (scratch.temp == nullptr) {
    return cub::DeviceRadixSort::SortKeys(nullptr, scratch.temp_bytes, keys, items, 0, end_bit, stream);
  }
  linear_launch(percentile_keys_kernel, stream, total, cells, cell_count, scratch.keys);
  cudaError_t status = cudaGetLastError();
  if (status != cudaSuccess) return status;
  if (total > 0) {
    status = cub::DeviceRadixSort::SortKeys(scratch.temp, scratch.temp_bytes, keys, items, 0, end_bit, stream);
    if (status != cudaSuccess) return status;
  }
  linear_launch(pick_percentiles_kernel, stream, static_cast<int64_t>(cell_count), cells,
                static_cast<const unsigned long long*>(keys.Current()), results);
  return cudaSuccess;
}

cudaError_t view_percentiles(cudaStream_t stream, const PercentileCell* cells, int cell_count, int64_t total,
                             PercentileScratch& scratch, PercentilePair* results) {
  return launch_view_percentiles(stream, total, cells, cell_count, scratch, results);
}

}  // namespace cerebro::kernels
