// CpuBackend::publish and CpuBackend::output_stats: the layers' outputs already live in host
// memory, so a cell is copied and a pattern's values are scanned straight from the backend's
// buffers (no download of the whole layer).
#include "compute/cpu/cpu_backend.hpp"
#include "compute/publish.hpp"
#include "core/error.hpp"

namespace cerebro::compute {

void CpuBackend::publish(const PublishView& view, RenderTarget& target) const {
  if (!graph_) throw_internal("cpu backend", "publish() before plan()");
  if (view.pattern < 0 || view.pattern >= last_batch_)
    throw_internal("cpu backend", "publish() of a pattern outside the last batch");
  const int64_t size = element_count(graph_->output_shape(view.layer));
  const std::vector<float>& output = outputs_.at(static_cast<size_t>(view.layer));
  publish_host(std::span(output).subspan(static_cast<size_t>(view.pattern * size), static_cast<size_t>(size)), view,
               target);
}

std::vector<ValueStats> CpuBackend::output_stats(int64_t pattern) const {
  if (!graph_ || last_batch_ == 0) throw_internal("cpu backend", "output_stats() before run()");
  if (pattern < 0 || pattern >= last_batch_) {
    throw_internal("cpu backend", "output_stats() of a pattern outside the last batch");
  }
  std::vector<ValueStats> stats;
  stats.reserve(outputs_.size());
  for (int i = 0; i < graph_->size(); ++i) {
    const auto size = static_cast<size_t>(element_count(graph_->output_shape(i)));
    const std::span<const float> values(outputs_[static_cast<size_t>(i)]);
    stats.push_back(value_stats(values.subspan(static_cast<size_t>(pattern) * size, size), std::nullopt));
  }
  return stats;
}

}  // namespace cerebro::compute
