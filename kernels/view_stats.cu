#include "kernels/launch.cuh"
#include "kernels/view_stats.cuh"

namespace cerebro::kernels {

static __device__ DeviceStats combine(const DeviceStats& a, const DeviceStats& b) {
  return DeviceStats{fminf(a.min, b.min), fmaxf(a.max, b.max),   a.finite + b.finite,
                     a.nan + b.nan,       a.pos_inf + b.pos_inf, a.neg_inf + b.neg_inf};
}

// A grid-stride reduction, not a linear kernel: every thread must reach the barriers, so there is
// no early return. Each block leaves a partial result; the last block to finish (threadfence
// reduction, CUDA samples' threadFenceReduction) combines them and resets the counter.
static __global__ void view_stats_kernel(int64_t n, CellView view, const float* __restrict__ values,
                                         StatsScratch scratch, DeviceStats* result) {
  __shared__ DeviceStats partial[kThreads];
  __shared__ bool last_block;
  DeviceStats s{INFINITY, -INFINITY, 0, 0, 0, 0};
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t k = thread_index(); k < n; k += step) {
    const float v = values[view.offset + (k / view.cols) * view.row_stride + (k % view.cols) * view.col_stride];
    if (isfinite(v)) {
      s.min = fminf(s.min, v);
      s.max = fmaxf(s.max, v);
      ++s.finite;
    } else if (isnan(v)) {
      ++s.nan;
    } else if (v > 0.0f) {
      ++s.pos_inf;
    } else {
      ++s.neg_inf;
    }
  }
  partial[threadIdx.x] = s;
  __syncthreads();
  for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
    if (threadIdx.x < half) partial[threadIdx.x] = combine(partial[threadIdx.x], partial[threadIdx.x + half]);
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    scratch.partials[blockIdx.x] = partial[0];
    __threadfence();  // the partial is visible before the count says so
    last_block = atomicAdd(scratch.blocks_done, 1u) == gridDim.x - 1;
  }
  __syncthreads();
  if (!last_block || threadIdx.x != 0) return;
  DeviceStats total{INFINITY, -INFINITY, 0, 0, 0, 0};
  for (unsigned b = 0; b < gridDim.x; ++b) {
    const DeviceStats* p = scratch.partials + b;
    // Read around L1: other blocks wrote these.
    total = combine(total, DeviceStats{__ldcg(&p->min), __ldcg(&p->max), __ldcg(&p->finite), __ldcg(&p->nan),
                                       __ldcg(&p->pos_inf), __ldcg(&p->neg_inf)});
  }
  *result = total;
  *scratch.blocks_done = 0;
  __threadfence_system();
}

static void launch_view_stats(cudaStream_t stream, int64_t n, const CellView& view, const float* values,
                              StatsScratch scratch, DeviceStats* result) {
  const unsigned int blocks = blocks_for(n) < kStatsBlocks ? blocks_for(n) : kStatsBlocks;
  block_launch(view_stats_kernel, blocks, stream, n, view, values, scratch, result);
}

void view_stats(cudaStream_t stream, const CellView& view, const float* values, StatsScratch scratch,
                DeviceStats* result) {
  launch_view_stats(stream, view.count, view, values, scratch, result);
}

}  // namespace cerebro::kernels
