// CudaBackend::publish: a shown cell goes from the layer's device buffer straight into the render
// target's surface (a GL texture registered with CUDA, mapped by the target on the compute
// stream), its statistics reduced on the device. A target without a surface gets the cell
// through host memory instead: a device-side gather of just that cell, one copy down. That is
// said by the target whose registration failed (render/cuda_texture_target.cpp), not here: a
// host target (a range pre-pass) is host memory by design.
#include <vector>

#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda/cuda_backend_impl.hpp"
#include "compute/publish.hpp"
#include "core/error.hpp"
#include "kernels/write_view.cuh"

namespace cerebro::compute::cuda {
namespace {

// The checks of compute/publish.cpp: the view fits its target and stays inside the pattern.
void check_cell(const PublishView& view, int64_t pattern_size, const RenderTarget& target) {
  if (view.rows != target.rows() || view.cols != target.cols() || view.count < 0 ||
      view.count > view.rows * view.cols) {
    throw_internal("publish", "view " + std::to_string(view.rows) + "x" + std::to_string(view.cols) +
                                  " does not fit its render target");
  }
  if (view.count == 0) return;
  const int64_t last_row = (view.count - 1) / view.cols;
  const int64_t last_col = view.count > view.cols ? view.cols - 1 : view.count - 1;
  const int64_t last = view.offset + last_row * view.row_stride + last_col * view.col_stride;
  if (view.offset < 0 || last >= pattern_size || last < 0) {
    throw_internal("publish", "view reaches outside layer " + std::to_string(view.layer) + "'s output");
  }
}

kernels::CellView cell_of(const PublishView& v) {
  return kernels::CellView{v.offset, v.rows, v.cols, v.row_stride, v.col_stride, v.count};
}

// Gathers the cell into m.texels (rows x cols, padding 0), growing it when needed.
void gather(CudaBackend::Impl& m, const kernels::CellView& cell, const float* values) {
  if (m.texels.size() < cell.rows * cell.cols) m.texels = DeviceArray<float>(cell.rows * cell.cols);
  kernels::write_view_to_buffer(m.compute.get(), cell, values, m.texels.get());
  CUDA_CHECK(cudaGetLastError());
}

// Min, max and counts reduced on the device (waits for the stream); percentiles, when wanted, from
// `host_cell` (the cell's values in host memory) or else from a download of the cell.
ValueStats cell_stats(CudaBackend::Impl& m, const kernels::CellView& cell, const float* values,
                      std::optional<std::pair<double, double>> wanted, std::span<const float> host_cell) {
  ValueStats stats;
  cudaStream_t stream = m.compute.get();
  if (cell.count == 0) {
    // Still wait: the caller unmaps (and frees its surface object) once this returns.
    CUDA_CHECK(cudaStreamSynchronize(stream));
    return stats;
  }
  kernels::view_stats(stream, cell, values, {m.stats_partials.get(), m.stats_blocks_done.get()}, m.stats_result_device);
  CUDA_CHECK(cudaGetLastError());
  std::vector<float> downloaded;
  if (wanted && host_cell.empty()) {
    gather(m, cell, values);
    downloaded.resize(static_cast<size_t>(cell.count));
    CUDA_CHECK(cudaMemcpyAsync(downloaded.data(), m.texels.get(), downloaded.size() * sizeof(float),
                               cudaMemcpyDeviceToHost, stream));
    host_cell = downloaded;
  }
  CUDA_CHECK(cudaStreamSynchronize(stream));
  const kernels::DeviceStats& d = *m.stats_result.get();
  stats.finite = static_cast<int64_t>(d.finite);
  stats.nan = static_cast<int64_t>(d.nan);
  stats.pos_inf = static_cast<int64_t>(d.pos_inf);
  stats.neg_inf = static_cast<int64_t>(d.neg_inf);
  if (stats.finite > 0) {
    stats.min = d.min;
    stats.max = d.max;
  }
  // Percentiles need a sort: on the host, over this one cell (compute/publish.cpp's own code).
  if (wanted && stats.finite > 0) {
    stats.percentiles = value_stats(host_cell.first(static_cast<size_t>(cell.count)), wanted).percentiles;
  }
  return stats;
}

void publish_to_surface(CudaBackend::Impl& m, const kernels::CellView& cell, const float* values, uint64_t surface,
                        RenderTarget& target) {
  cudaStream_t stream = m.compute.get();
  ValueStats stats;
  try {
    kernels::write_view_to_surface(stream, cell, values, surface);
    CUDA_CHECK(cudaGetLastError());
    stats = cell_stats(m, cell, values, target.wanted_percentiles(), {});
  } catch (...) {
    // A mapped resource must be unmapped whatever happened (GL cannot use it meanwhile); the
    // first error is the one to report.
    try {
      target.unmap_device_surface(stream, ValueStats{});
    } catch (...) {
    }
    throw;
  }
  target.unmap_device_surface(stream, stats);
}

void publish_through_host(CudaBackend::Impl& m, const kernels::CellView& cell, const float* values,
                          RenderTarget& target) {
  std::span<float> out = target.host_values();
  if (static_cast<int64_t>(out.size()) != cell.rows * cell.cols) throw_internal("publish", "host buffer size");
  gather(m, cell, values);
  CUDA_CHECK(
      cudaMemcpyAsync(out.data(), m.texels.get(), out.size() * sizeof(float), cudaMemcpyDeviceToHost, m.compute.get()));
  target.commit_host(cell_stats(m, cell, values, target.wanted_percentiles(), out));
}

}  // namespace

void CudaBackend::publish(const PublishView& view, RenderTarget& target) const {
  Impl& m = *impl_;
  if (!m.graph || m.last_batch == 0) throw_internal("cuda backend", "publish() before run()");
  if (view.layer < 0 || view.layer >= m.graph->size()) throw_internal("cuda backend", "publish() of an unknown layer");
  if (view.pattern < 0 || view.pattern >= m.last_batch) {
    throw_internal("cuda backend", "publish() of a pattern outside the last batch");
  }
  const int64_t size = element_count(m.graph->output_shape(view.layer));
  check_cell(view, size, target);
  const float* values = m.node_data(view.layer, m.last_slot) + view.pattern * size;
  try {
    const std::optional<uint64_t> surface = target.map_device_surface(m.compute.get());
    if (surface) {
      publish_to_surface(m, cell_of(view), values, *surface, target);
    } else {
      publish_through_host(m, cell_of(view), values, target);
    }
  } catch (const Error& error) {
    throw Error(error.kind(), m.layer_context(view.layer), error.what());
  }
}

}  // namespace cerebro::compute::cuda
