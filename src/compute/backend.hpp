#pragma once
// The one interface every compute backend implements (CPU always, CUDA when built in).
// plan() sizes a buffer for every layer's output once; run() computes every layer for a batch in
// one pass; the outputs stay available until the next run().
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/render_target.hpp"
#include "core/tensor.hpp"
#include "model/graph.hpp"

namespace cerebro::compute {

class Backend {
 public:
  virtual ~Backend() = default;

  virtual std::string_view name() const = 0;
  // Whether this backend can compute this layer kind.
  virtual bool supports(const model::Layer& layer) const = 0;

  // Allocates every layer's output buffer for batches of up to `max_batch` patterns. The graph
  // must outlive the plan.
  virtual void plan(const model::Graph& graph, int64_t max_batch) = 0;

  // Computes every layer for `batch` patterns. `inputs` holds one host pointer per graph input
  // (graph.input_layers() order), each `batch` patterns of that input's shape.
  virtual void run(std::span<const float* const> inputs, int64_t batch) = 0;

  // Copies layer `index`'s output for the last run (batch x its shape) into `destination`.
  virtual void download(int index, std::span<float> destination) const = 0;

  // Writes one shown cell of the last run (view.layer's output for pattern view.pattern, laid
  // out as the view says) into `target`, with its statistics, without a full download. The
  // default throws Unsupported; compute/publish.hpp has the host copy a backend can fall back to.
  virtual void publish(const PublishView& view, RenderTarget& target) const;

  // Publishes a page of cells at once: views[i] into *targets[i] (the spans are the same size),
  // as publish() would one by one. The default does exactly that (the CPU backend keeps it); the
  // CUDA backend maps every interop target in one call, waits for the device once and unmaps them
  // all in one call. On an error every mapped target is unmapped again.
  virtual void publish_cells(std::span<const PublishView> views, std::span<RenderTarget* const> targets) const;

  // Every layer's output for pattern `pattern` of the last run, reduced where it lives: element
  // i is graph node i's min and max over finite values and its finite, NaN, +Inf and -Inf counts
  // (no percentiles). The viewer counts NaN and infinities in every layer of every pattern it
  // computes: no layer is downloaded for it (the CUDA backend waits for the device once).
  virtual std::vector<ValueStats> output_stats(int64_t pattern) const = 0;

  // The CUDA device this backend computes on, if any: render targets for publish() then share
  // textures with it (render::make_texture_target), and a headless GL context picks its GPU.
  virtual std::optional<int> cuda_device() const { return std::nullopt; }

  // The GPU a backend computes on and its memory, for the viewer's Performance panel; nothing for
  // a backend that runs on the host.
  struct DeviceInfo {
    std::string name;         // "NVIDIA H200 (sm_90, 132 SMs, 139.8 GiB)"
    int64_t used_bytes = 0;   // in use on the whole device (cudaMemGetInfo), not only by us
    int64_t total_bytes = 0;
  };
  virtual std::optional<DeviceInfo> device_info() const { return std::nullopt; }
};

// Throws an Unsupported error naming the first layer (and its Keras class) the backend cannot run.
void check_supported(const Backend& backend, const model::Graph& graph);

// "cpu", "cuda" or "auto" (CUDA when built in and a device is usable, else the CPU, saying so
// once). "cuda" without a usable GPU is an Unsupported error naming "--backend cuda".
std::unique_ptr<Backend> make_backend(std::string_view which);

// The same for running `graph`: the chosen backend must run every layer. "auto" falls back to
// the CPU when the CUDA backend cannot run one (a warning names the layer); "cpu" and "cuda"
// throw check_supported's error.
std::unique_ptr<Backend> make_backend(std::string_view which, const model::Graph& graph);

// Whether "auto" says that it runs on the CPU for want of a usable GPU: always (the default), or
// only when stderr is a terminal (the CLI: scripts, pipes and tests keep a clean stderr, and
// `cerebro --version` tells why there is no GPU).
enum class GpuFallbackNotice { Always, WhenInteractive };
void set_gpu_fallback_notice(GpuFallbackNotice notice);

// Whether CUDA support was compiled into this binary.
bool cuda_compiled_in();

// The GPU "auto" would use: "NVIDIA H200 (sm_90, 132 SMs, 139.8 GiB)", or empty with `why` set
// (no CUDA support compiled in, no driver, no device). Probes the device once per process.
struct GpuStatus {
  std::string description;
  std::string why;
};
GpuStatus cuda_gpu_status();

}  // namespace cerebro::compute
