#include "compute/cpu/cpu_backend.hpp"

#include <algorithm>

#include "compute/memory_budget.hpp"
#include "core/error.hpp"

namespace cerebro::compute {

bool CpuBackend::supports(const model::Layer&) const {
  // Every layer kind carries its CPU reference math.
  return true;
}

void CpuBackend::plan(const model::Graph& graph, int64_t max_batch) {
  if (max_batch <= 0) throw_bad_input("--batch", "batch size must be positive");
  check_supported(*this, graph);
  // The previous plan goes first: what is available is measured without its buffers, and a
  // refused plan leaves no plan (run() says so) rather than a half-sized one.
  graph_ = nullptr;
  outputs_.clear();
  outputs_.shrink_to_fit();
  check_outputs_fit(graph, max_batch, host_memory_budget());
  for (int i = 0; i < graph.size(); ++i) {
    if (element_count(graph.output_shape(i)) > (int64_t{1} << 32) / max_batch) {
      throw_bad_input(graph.source_file() + ": layer '" + graph.node_name(i) + "'",
                      "output for a batch of " + std::to_string(max_batch) + " would exceed 16 GiB");
    }
  }
  outputs_.resize(static_cast<size_t>(graph.size()));
  for (int i = 0; i < graph.size(); ++i) {
    outputs_[static_cast<size_t>(i)].resize(static_cast<size_t>(element_count(graph.output_shape(i)) * max_batch));
  }
  graph_ = &graph;
  max_batch_ = max_batch;
  last_batch_ = 0;
}

void CpuBackend::run(std::span<const float* const> inputs, int64_t batch) {
  if (!graph_) throw_internal("cpu backend", "run() before plan()");
  if (batch <= 0 || batch > max_batch_) throw_internal("cpu backend", "batch outside the planned size");
  const std::vector<int>& input_layers = graph_->input_layers();
  if (inputs.size() != input_layers.size()) throw_internal("cpu backend", "wrong number of input arrays");
  for (size_t k = 0; k < inputs.size(); ++k) {
    const int index = input_layers[k];
    std::copy_n(inputs[k], batch * element_count(graph_->output_shape(index)),
                outputs_[static_cast<size_t>(index)].data());
  }
  std::vector<BatchView> views;
  for (int i = 0; i < graph_->size(); ++i) {
    if (graph_->inputs_of(i).empty()) continue;
    views.clear();
    for (int input : graph_->inputs_of(i)) {
      views.push_back(BatchView{outputs_[static_cast<size_t>(input)].data(), batch, graph_->output_shape(input)});
    }
    graph_->layer(i).forward_cpu(views, MutableBatchView{outputs_[static_cast<size_t>(i)].data(), batch,
                                                         graph_->output_shape(i)});
  }
  last_batch_ = batch;
}

void CpuBackend::download(int index, std::span<float> destination) const {
  if (!graph_) throw_internal("cpu backend", "download() before plan()");
  const size_t count = static_cast<size_t>(last_batch_ * element_count(graph_->output_shape(index)));
  if (destination.size() < count) throw_internal("cpu backend", "download destination too small");
  std::copy_n(outputs_.at(static_cast<size_t>(index)).data(), count, destination.data());
}

}  // namespace cerebro::compute
