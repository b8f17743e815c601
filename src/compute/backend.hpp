#pragma once
// The one interface every compute backend implements (CPU always, CUDA when built in).
// plan() sizes a buffer for every layer's output once; run() computes every layer for a batch in
// one pass; the outputs stay available until the next run().
#include <memory>
#include <span>
#include <string>
#include <string_view>

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
};

// Throws an Unsupported error naming the first layer (and its Keras class) the backend cannot run.
void check_supported(const Backend& backend, const model::Graph& graph);

// "cpu", "cuda" or "auto" (CUDA when built in and a device is usable, else the CPU).
std::unique_ptr<Backend> make_backend(std::string_view which);

// Whether CUDA support was compiled into this binary.
bool cuda_compiled_in();

}  // namespace cerebro::compute
