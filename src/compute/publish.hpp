#pragma once
// The host side of Backend::publish: strided copy of one cell into a render target's host memory,
// with the statistics the colormap needs. Every backend can fall back to it.
#include <functional>
#include <map>
#include <span>
#include <vector>

#include "core/render_target.hpp"
#include "model/graph.hpp"

namespace cerebro::compute {

// Statistics of `values` over finite values; fills percentiles when `wanted` is set.
ValueStats value_stats(std::span<const float> values, std::optional<std::pair<double, double>> wanted);

// `pattern_values` is one pattern's output of view.layer (C order). Copies the view into
// target.host_values(), then commits it with its statistics. Throws Internal when the view
// reaches outside `pattern_values` or does not match the target's size.
void publish_host(std::span<const float> pattern_values, const PublishView& view, RenderTarget& target);

// The checks every backend makes before it publishes a cell: the view is the target's size and
// every value it reads lies inside the pattern's `pattern_size` values. Throws Internal.
void check_view(const PublishView& view, int64_t pattern_size, const RenderTarget& target);

class Backend;

// Publishes the cells of a backend's last run: through Backend::publish, or, for a backend that
// cannot publish yet, through host copies of the layers it shows (each downloaded once per run,
// with one warning).
class Publisher {
 public:
  Publisher(const Backend& backend, const model::Graph& graph) : backend_(backend), graph_(graph) {}
  // Call after every Backend::run: the cached host copies are stale.
  void new_run(int64_t batch);
  void publish(const PublishView& view, RenderTarget& target);
  // A page of cells at once (Backend::publish_cells), or one by one through host copies.
  void publish_cells(std::span<const PublishView> views, std::span<RenderTarget* const> targets);

 private:
  const Backend& backend_;
  const model::Graph& graph_;
  int64_t batch_ = 0;
  bool host_copies_ = false;
  std::map<int, std::vector<float>> downloaded_;  // layer -> batch x its output

  // Whether the backend itself publishes; false after it said it cannot (warned once).
  bool backend_publishes(const std::function<void()>& publish);
  void publish_copy(const PublishView& view, RenderTarget& target);
};

}  // namespace cerebro::compute
