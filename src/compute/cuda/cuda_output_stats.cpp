// CudaBackend::output_stats: every layer's statistics for one pattern reduced on the device by
// kernels::view_stats, one launch per output buffer queued on the compute stream after the run,
// and one wait for them all. The viewer asks for every layer of every pattern it computes: a wait
// per layer would cost a round trip each, a download per layer the whole output over PCIe.
#include <map>
#include <utility>
#include <vector>

#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda/cuda_backend_impl.hpp"
#include "core/error.hpp"

namespace cerebro::compute::cuda {
namespace {

// The scratch of the reduction (left zeroed by every launch, so zeroed once here, on the stream
// the launches use: the compute stream does not wait for the legacy default stream) and one
// result slot per node.
void ensure_scratch(CudaBackend::Impl& m, int nodes) {
  if (m.layer_stats_blocks_done.size() == 0) {
    DeviceArray<kernels::DeviceStats> partials(kernels::kStatsBlocks);
    DeviceArray<unsigned int> blocks_done(1);
    CUDA_CHECK(cudaMemsetAsync(blocks_done.get(), 0, sizeof(unsigned int), m.compute.get()));
    // Kept only once all of it succeeded: a failed call leaves nothing half made.
    m.layer_stats_partials = std::move(partials);
    m.layer_stats_blocks_done = std::move(blocks_done);
  }
  if (m.layer_stats.size() < nodes) {
    m.layer_stats = PinnedArray<kernels::DeviceStats>(nodes, true);
    m.layer_stats_device = m.layer_stats.device_pointer();
  }
}

}  // namespace

std::vector<ValueStats> CudaBackend::output_stats(int64_t pattern) const {
  Impl& m = *impl_;
  if (!m.graph || m.last_batch == 0) throw_internal("cuda backend", "output_stats() before run()");
  if (pattern < 0 || pattern >= m.last_batch) {
    throw_internal("cuda backend", "output_stats() of a pattern outside the last batch");
  }
  const int nodes = m.graph->size();
  cudaStream_t stream = m.compute.get();
  try {
    ensure_scratch(m, nodes);
  } catch (const Error& error) {
    throw Error(error.kind(), m.graph->source_file(), error.what());
  }
  // Identity layers (Flatten, Dropout...) share their input's buffer: one reduction serves them
  // all. `reduced_by[i]` is the node whose result slot holds node i's statistics.
  std::vector<int> reduced_by(static_cast<size_t>(nodes), -1);
  std::map<const float*, int> first_node;
  const kernels::StatsScratch scratch{m.layer_stats_partials.get(), m.layer_stats_blocks_done.get()};
  for (int i = 0; i < nodes; ++i) {
    const int64_t size = element_count(m.graph->output_shape(i));
    if (size == 0) continue;
    const float* values = m.node_data(i, m.last_slot) + pattern * size;
    const auto [found, fresh] = first_node.try_emplace(values, i);
    reduced_by[static_cast<size_t>(i)] = found->second;
    if (!fresh) continue;
    // The whole pattern as one row: value k is values[k] (kernels/cell_view.cuh) for k < size.
    // plan() refuses a batch of more than 2^32 values a layer, so size and every index the kernel
    // forms stay far inside its int64 arithmetic and its 64-bit counts.
    const kernels::CellView whole{0, 1, size, size, 1, size};
    try {
      kernels::view_stats(stream, whole, values, scratch, m.layer_stats_device + i);
      CUDA_CHECK(cudaGetLastError());
    } catch (const Error& error) {
      throw Error(error.kind(), m.layer_context(i), error.what());
    }
  }
  try {
    CUDA_CHECK(cudaStreamSynchronize(stream));
  } catch (const Error& error) {
    // A kernel of the run, or one of these reductions, failed: no single layer to blame.
    throw Error(error.kind(), m.graph->source_file(), error.what());
  }
  std::vector<ValueStats> stats(static_cast<size_t>(nodes));
  for (size_t i = 0; i < stats.size(); ++i) {
    if (reduced_by[i] >= 0) stats[i] = value_stats_of(m.layer_stats.get()[reduced_by[i]]);
  }
  return stats;
}

}  // namespace cerebro::compute::cuda
