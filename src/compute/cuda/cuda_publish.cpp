// CudaBackend::publish_cells: a page of shown cells goes from the layers' device buffers straight
// into the render targets' surfaces (GL textures registered with CUDA, mapped as one group on the
// compute stream: mapped_page.hpp), their statistics and percentiles reduced on the device into
// mapped host memory, then ONE wait and ONE unmap for the page. A target without a surface gets
// its cell through host memory inside the same page: a device-side gather of just that cell, one
// copy down for all of them. That is said by the target whose registration failed
// (render/cuda_texture_target.cpp), not here: a host target (a range pre-pass) is host memory by
// design. publish() is a page of one.
#include <algorithm>
#include <climits>
#include <vector>

#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda/cuda_backend_impl.hpp"
#include "compute/cuda/mapped_page.hpp"
#include "compute/publish.hpp"
#include "core/error.hpp"
#include "kernels/write_view.cuh"

namespace cerebro::compute::cuda {
namespace {

// Runs `body`, giving any error it throws `context` (a layer, or the model file for a whole page).
template <typename Body>
void in_context(const std::string& context, Body&& body) {
  try {
    body();
  } catch (const Error& error) {
    throw Error(error.kind(), context, error.what());
  }
}

kernels::CellView cell_of(const PublishView& v) {
  return kernels::CellView{v.offset, v.rows, v.cols, v.row_stride, v.col_stride, v.count};
}

// One cell of the page: where its values are and what it needs besides its texels.
struct PageCell {
  const float* values = nullptr;  // the pattern's output on the device
  kernels::CellView cell;
  std::optional<std::pair<double, double>> wanted;
  int64_t texels_at = -1;  // Host sink: where its texels sit in PublishScratch::texels
  int percentile_slot = -1;
};

// The checks of every backend (compute/publish.hpp), with the layer's name on failure.
std::vector<PageCell> checked_cells(const CudaBackend::Impl& m, std::span<const PublishView> views,
                                    std::span<RenderTarget* const> targets) {
  std::vector<PageCell> cells;
  for (size_t i = 0; i < views.size(); ++i) {
    const PublishView& view = views[i];
    if (view.layer < 0 || view.layer >= m.graph->size())
      throw_internal("cuda backend", "publish() of an unknown layer");
    if (view.pattern < 0 || view.pattern >= m.last_batch) {
      throw_internal("cuda backend", "publish() of a pattern outside the last batch");
    }
    const int64_t size = element_count(m.graph->output_shape(view.layer));
    in_context(m.layer_context(view.layer), [&] {
      if (targets[i] == nullptr) throw_internal("publish", "no render target");
      check_view(view, size, *targets[i]);
    });
    cells.push_back(
        {m.node_data(view.layer, m.last_slot) + view.pattern * size, cell_of(view), targets[i]->wanted_percentiles()});
  }
  std::vector<RenderTarget*> sorted(targets.begin(), targets.end());
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw_internal("cuda backend", "publish_cells() of one render target twice in a page");
  }
  return cells;
}

// Sizes the scratch for the page (before anything is mapped: a failed allocation leaves no
// texture mapped) and lays out the host sink's texels and the percentile slots.
void prepare(CudaBackend::Impl& m, std::vector<PageCell>& cells, std::span<RenderTarget* const> targets) {
  PublishScratch& s = m.publishing;
  int64_t texels = 0;
  int percentile_cells = 0;
  int64_t sorted_values = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (targets[i]->graphics_resource() == nullptr) {
      // A target that maps its own surface needs none of this, but which one will only be known
      // once it is mapped; a texel slot reserved for each costs nothing.
      const std::span<float> out = targets[i]->host_values();
      if (static_cast<int64_t>(out.size()) != cells[i].cell.rows * cells[i].cell.cols) {
        throw_internal("publish", "host buffer size");
      }
      cells[i].texels_at = texels;
      texels += cells[i].cell.rows * cells[i].cell.cols;
    }
    if (cells[i].wanted && cells[i].cell.count > 0) {
      cells[i].percentile_slot = percentile_cells++;
      sorted_values += cells[i].cell.count;
    }
  }
  // CUB's radix sort counts its items in an int.
  if (sorted_values > INT_MAX) throw_unsupported("publish", "percentiles of more than 2^31 values in one page");
  if (percentile_cells > 0) {
    grow(s.keys, sorted_values);
    grow(s.keys_alt, sorted_values);
    kernels::PercentileScratch query{s.keys.get(), s.keys_alt.get(), nullptr, 0};
    CUDA_CHECK(kernels::view_percentiles(m.compute.get(), nullptr, percentile_cells, sorted_values, query, nullptr));
    // At least a byte: a null `temp` would make the call another size query.
    grow(s.sort_temp, std::max<int64_t>(static_cast<int64_t>(query.temp_bytes), 1));
  }
  grow(s.stats, static_cast<int64_t>(cells.size()), true);
  s.stats_device = s.stats.device_pointer();
  grow(s.texels, texels);
  grow(s.texels_host, texels);
  grow(s.percentiles, percentile_cells, true);
  grow(s.cells_host, percentile_cells);
  grow(s.cells, percentile_cells);
  if (percentile_cells > 0) s.percentiles_device = s.percentiles.device_pointer();
}

// The cell's texels (surface or host sink) and its statistics, queued on the compute stream.
void enqueue_cell(CudaBackend::Impl& m, const PageCell& c, CellSink sink, uint64_t surface, size_t index) {
  PublishScratch& s = m.publishing;
  cudaStream_t stream = m.compute.get();
  if (sink == CellSink::Host) {
    kernels::write_view_to_buffer(stream, c.cell, c.values, s.texels.get() + c.texels_at);
  } else {
    kernels::write_view_to_surface(stream, c.cell, c.values, surface);
  }
  CUDA_CHECK(cudaGetLastError());
  // Sequential launches on one stream share the reduction's scratch (each leaves it reset).
  kernels::view_stats(stream, c.cell, c.values, {m.stats_partials.get(), m.stats_blocks_done.get()},
                      s.stats_device + index);
  CUDA_CHECK(cudaGetLastError());
}

// Every wanted percentile pair of the page from one sort (kernels/view_percentiles.cuh).
void enqueue_percentiles(CudaBackend::Impl& m, const std::vector<PageCell>& cells) {
  PublishScratch& s = m.publishing;
  cudaStream_t stream = m.compute.get();
  int count = 0;
  int64_t total = 0;
  for (const PageCell& c : cells) {
    if (c.percentile_slot < 0) continue;
    s.cells_host.get()[c.percentile_slot] =
        kernels::PercentileCell{c.cell, c.values, total, c.wanted->first, c.wanted->second};
    total += c.cell.count;
    ++count;
  }
  if (count == 0) return;
  // The host array is not reused before the wait at the end of this page: the copy may be async.
  CUDA_CHECK(cudaMemcpyAsync(s.cells.get(), s.cells_host.get(),
                             static_cast<size_t>(count) * sizeof(s.cells_host.get()[0]), cudaMemcpyHostToDevice,
                             stream));
  // prepare() sized the keys and CUB's scratch for this page.
  kernels::PercentileScratch scratch{s.keys.get(), s.keys_alt.get(), s.sort_temp.get(),
                                     static_cast<size_t>(s.sort_temp.size())};
  CUDA_CHECK(kernels::view_percentiles(stream, s.cells.get(), count, total, scratch, s.percentiles_device));
  CUDA_CHECK(cudaGetLastError());
}

ValueStats stats_of(const CudaBackend::Impl& m, const PageCell& c, size_t index) {
  if (c.cell.count == 0) return {};  // nothing was reduced into its slot
  ValueStats stats = value_stats_of(m.publishing.stats.get()[index]);
  if (stats.finite > 0 && c.percentile_slot >= 0) {
    const kernels::PercentilePair& p = m.publishing.percentiles.get()[c.percentile_slot];
    stats.percentiles = std::pair{p.lo, p.hi};
  }
  return stats;
}

}  // namespace

void CudaBackend::publish(const PublishView& view, RenderTarget& target) const {
  RenderTarget* const targets[] = {&target};
  publish_cells(std::span(&view, 1), targets);
}

void CudaBackend::publish_cells(std::span<const PublishView> views, std::span<RenderTarget* const> targets) const {
  Impl& m = *impl_;
  if (views.size() != targets.size()) throw_internal("cuda backend", "publish_cells() needs one target per view");
  if (!m.graph || m.last_batch == 0) throw_internal("cuda backend", "publish() before run()");
  if (views.empty()) return;
  std::vector<PageCell> cells = checked_cells(m, views, targets);
  // A page of one names its layer; a whole page's failures (map, wait, unmap) name the model.
  const std::string page_context = views.size() == 1 ? m.layer_context(views[0].layer) : m.graph->source_file();
  cudaStream_t stream = m.compute.get();
  PublishScratch& s = m.publishing;
  in_context(page_context, [&] { prepare(m, cells, targets); });
  MappedPage page(stream, s.counts);
  in_context(page_context, [&] { page.map(targets); });
  int64_t host_texels = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    in_context(m.layer_context(views[i].layer), [&] { enqueue_cell(m, cells[i], page.sink(i), page.surface(i), i); });
    if (page.sink(i) == CellSink::Host) {
      host_texels = std::max(host_texels, cells[i].texels_at + cells[i].cell.rows * cells[i].cell.cols);
    }
  }
  std::vector<ValueStats> stats(cells.size());
  in_context(page_context, [&] {
    enqueue_percentiles(m, cells);
    if (host_texels > 0) {
      CUDA_CHECK(cudaMemcpyAsync(s.texels_host.get(), s.texels.get(), static_cast<size_t>(host_texels) * sizeof(float),
                                 cudaMemcpyDeviceToHost, stream));
    }
    // The one wait of the page: every write, reduction, sort and copy above has finished.
    ++s.counts.stream_waits;
    CUDA_CHECK(cudaStreamSynchronize(stream));
    for (size_t i = 0; i < cells.size(); ++i) stats[i] = stats_of(m, cells[i], i);
    page.finish(targets, stats);
  });
  for (size_t i = 0; i < cells.size(); ++i) {
    if (page.sink(i) != CellSink::Host) continue;
    const std::span<float> out = targets[i]->host_values();
    std::copy_n(s.texels_host.get() + cells[i].texels_at, out.size(), out.begin());
    in_context(m.layer_context(views[i].layer), [&] { targets[i]->commit_host(stats[i]); });
  }
}

CudaBackend::PublishCounts CudaBackend::publish_counts() const { return impl_->publishing.counts; }

}  // namespace cerebro::compute::cuda
