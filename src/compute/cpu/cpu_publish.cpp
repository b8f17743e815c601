// CpuBackend::publish: the layer's output already lives in host memory, so a cell is copied
// straight from the backend's buffer (no download of the whole layer).
#include "compute/cpu/cpu_backend.hpp"
#include "compute/publish.hpp"
#include "core/error.hpp"

namespace cerebro::compute {

void CpuBackend::publish(const PublishView& view, RenderTarget& target) const {
  if (!graph_) throw_internal("cpu backend", "publish() before plan()");
  if (view.pattern < 0 || view.pattern >= last_batch_) throw_internal("cpu backend", "publish() of a pattern outside the last batch");
  const int64_t size = element_count(graph_->output_shape(view.layer));
  const std::vector<float>& output = outputs_.at(static_cast<size_t>(view.layer));
  publish_host(std::span(output).subspan(static_cast<size_t>(view.pattern * size), static_cast<size_t>(size)), view,
               target);
}

}  // namespace cerebro::compute
