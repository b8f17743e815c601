#include "compute/publish.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "compute/backend.hpp"
#include "core/error.hpp"
#include "core/log.hpp"

namespace cerebro::compute {
namespace {

// NumPy's default percentile (method "linear"): position p/100 * (n - 1) between sorted values.
// kernels/view_percentiles.cu repeats it operation for operation: change both together.
float percentile_of_sorted(const std::vector<float>& sorted, double p) {
  const double position = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  const double a = sorted[below];
  const double b = sorted[above];
  return static_cast<float>(a + (b - a) * fraction);
}

}  // namespace

ValueStats value_stats(std::span<const float> values, std::optional<std::pair<double, double>> wanted) {
  ValueStats stats;
  float lo = INFINITY;
  float hi = -INFINITY;
  for (const float v : values) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      ++stats.finite;
    } else if (std::isnan(v)) {
      ++stats.nan;
    } else if (v > 0) {
      ++stats.pos_inf;
    } else {
      ++stats.neg_inf;
    }
  }
  if (stats.finite > 0) {
    stats.min = lo;
    stats.max = hi;
  }
  if (wanted && stats.finite > 0) {
    std::vector<float> sorted;
    sorted.reserve(static_cast<size_t>(stats.finite));
    for (const float v : values) {
      if (std::isfinite(v)) sorted.push_back(v);
    }
    std::sort(sorted.begin(), sorted.end());
    stats.percentiles = {percentile_of_sorted(sorted, wanted->first), percentile_of_sorted(sorted, wanted->second)};
  }
  return stats;
}

void check_view(const PublishView& view, int64_t pattern_size, const RenderTarget& target) {
  if (view.rows != target.rows() || view.cols != target.cols() || view.count > view.rows * view.cols ||
      view.count < 0) {
    throw_internal("publish", "view " + std::to_string(view.rows) + "x" + std::to_string(view.cols) +
                                  " does not fit its render target");
  }
  if (view.count == 0) return;
  // The values read are the full rows plus a last partial one; the index is linear in the row and
  // the column, so its extremes lie on the corners of those two rectangles (strides may be < 0).
  int64_t lowest = view.offset;
  int64_t highest = view.offset;
  const auto corners = [&](int64_t first_row, int64_t last_row, int64_t last_col) {
    for (const int64_t r : {first_row, last_row}) {
      for (const int64_t c : {int64_t{0}, last_col}) {
        const int64_t index = view.offset + r * view.row_stride + c * view.col_stride;
        lowest = std::min(lowest, index);
        highest = std::max(highest, index);
      }
    }
  };
  const int64_t full_rows = view.count / view.cols;
  const int64_t rest = view.count % view.cols;
  if (full_rows > 0) corners(0, full_rows - 1, view.cols - 1);
  if (rest > 0) corners(full_rows, full_rows, rest - 1);
  if (lowest < 0 || highest >= pattern_size) {
    throw_internal("publish", "view reaches outside layer " + std::to_string(view.layer) + "'s output");
  }
}

void publish_host(std::span<const float> pattern_values, const PublishView& view, RenderTarget& target) {
  check_view(view, static_cast<int64_t>(pattern_values.size()), target);
  std::span<float> out = target.host_values();
  if (static_cast<int64_t>(out.size()) != view.rows * view.cols) throw_internal("publish", "host buffer size");
  for (int64_t r = 0; r * view.cols < view.count; ++r) {
    const int64_t n = std::min(view.cols, view.count - r * view.cols);
    const float* source = pattern_values.data() + view.offset + r * view.row_stride;
    float* row = out.data() + r * view.cols;
    for (int64_t c = 0; c < n; ++c) row[c] = source[c * view.col_stride];
  }
  // Padding texels are never drawn; zero keeps them out of any later reduction.
  std::fill(out.begin() + view.count, out.end(), 0.0f);
  target.commit_host(value_stats(out.first(static_cast<size_t>(view.count)), target.wanted_percentiles()));
}

void Publisher::new_run(int64_t batch) {
  batch_ = batch;
  downloaded_.clear();
}

bool Publisher::backend_publishes(const std::function<void()>& publish) {
  if (host_copies_) return false;
  try {
    publish();
    return true;
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::Unsupported) throw;
    log_warning("the " + std::string(backend_.name()) +
                " backend cannot publish to the renderer yet; layers are copied through host memory");
    host_copies_ = true;
    return false;
  }
}

void Publisher::publish(const PublishView& view, RenderTarget& target) {
  if (backend_publishes([&] { backend_.publish(view, target); })) return;
  publish_copy(view, target);
}

void Publisher::publish_cells(std::span<const PublishView> views, std::span<RenderTarget* const> targets) {
  if (views.size() != targets.size()) throw_internal("publish", "as many targets as views are needed");
  if (backend_publishes([&] { backend_.publish_cells(views, targets); })) return;
  for (size_t i = 0; i < views.size(); ++i) publish_copy(views[i], *targets[i]);
}

void Publisher::publish_copy(const PublishView& view, RenderTarget& target) {
  const int64_t size = element_count(graph_.output_shape(view.layer));
  auto [entry, fresh] = downloaded_.try_emplace(view.layer);
  if (fresh) {
    entry->second.resize(static_cast<size_t>(batch_ * size));
    backend_.download(view.layer, entry->second);
  }
  if (view.pattern < 0 || view.pattern >= batch_) throw_internal("publish", "pattern outside the last batch");
  publish_host(std::span<const float>(entry->second)
                   .subspan(static_cast<size_t>(view.pattern * size), static_cast<size_t>(size)),
               view, target);
}

void Backend::publish(const PublishView& view, RenderTarget&) const {
  throw_unsupported("layer " + std::to_string(view.layer),
                    "the " + std::string(name()) + " backend cannot publish layer outputs for drawing yet");
}

void Backend::publish_cells(std::span<const PublishView> views, std::span<RenderTarget* const> targets) const {
  if (views.size() != targets.size()) throw_internal("publish", "as many targets as views are needed");
  for (size_t i = 0; i < views.size(); ++i) publish(views[i], *targets[i]);
}

}  // namespace cerebro::compute
