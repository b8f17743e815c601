#pragma once
// What compute publishes into: a 2-D image of float values for one shown cell (a layer's map, one
// channel of it, or a 1-D output laid out as a strip), plus the statistics the colormap needs.
// Backends write values without knowing how they are drawn; render/ implements the targets (a GL
// texture filled from host memory now; a texture registered with CUDA later, as instant-ngp's
// SurfaceProvider does).
#include <cstdint>
#include <optional>
#include <span>
#include <utility>

namespace cerebro {

// Where a cell's values come from: a strided 2-D view into one pattern's output of one layer.
// Texel (r, c), row-major, is element `offset + r * row_stride + c * col_stride` of that pattern's
// output, for r * cols + c < count; the texels after `count` are padding (a wrapped strip's last
// row) and are drawn as background.
struct PublishView {
  int layer = 0;          // graph index
  int64_t pattern = 0;    // index within the batch of the last run()
  int64_t offset = 0;
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t row_stride = 0;
  int64_t col_stride = 1;
  int64_t count = 0;
};

// Facts about the values of one published cell. Ranges are over finite values only.
struct ValueStats {
  float min = 0.0f;  // meaningless when finite == 0
  float max = 0.0f;
  int64_t finite = 0;
  int64_t nan = 0;
  int64_t pos_inf = 0;
  int64_t neg_inf = 0;
  // The percentiles the target asked for (wanted_percentiles), NumPy's default linear
  // interpolation over the finite values; empty when none were asked or none are finite.
  std::optional<std::pair<float, float>> percentiles;
};

class RenderTarget {
 public:
  virtual ~RenderTarget() = default;

  virtual int64_t rows() const = 0;
  virtual int64_t cols() const = 0;

  // Percentiles in [0, 100] the publisher must report in ValueStats::percentiles, if any.
  virtual std::optional<std::pair<double, double>> wanted_percentiles() const { return std::nullopt; }

  // Host path: rows x cols floats, row-major, to fill before commit_host(). Every target offers it.
  virtual std::span<float> host_values() = 0;
  // The host values are final: the target takes them (a GL target uploads them here).
  virtual void commit_host(const ValueStats& stats) = 0;

  // Device path, for a backend whose outputs live on a GPU: a target backed by a GL texture
  // registered with CUDA returns a cudaSurfaceObject_t (as an opaque handle) mapped on `stream`,
  // written by the backend's kernel, then handed back with the stats. Targets without interop
  // return nothing, and the backend falls back to host_values() (saying so once).
  virtual std::optional<uint64_t> map_device_surface(void* /*cuda_stream*/) { return std::nullopt; }
  virtual void unmap_device_surface(void* /*cuda_stream*/, const ValueStats& /*stats*/) {}

  // Device path for a page of cells at once (Backend::publish_cells): a target backed by a CUDA
  // graphics resource (a GL texture registered with CUDA) hands it out (a cudaGraphicsResource_t,
  // as an opaque pointer) so the backend maps every such target of the page in ONE
  // cudaGraphicsMapResources call, writes them all, waits once and unmaps them in ONE call; it
  // then hands the statistics over with commit_device(). Null (the default): the backend uses
  // map_device_surface() or the host path for this target.
  virtual void* graphics_resource() { return nullptr; }
  // The values are in graphics_resource() (written and unmapped): take the statistics.
  virtual void commit_device(const ValueStats& /*stats*/) {}
};

}  // namespace cerebro
