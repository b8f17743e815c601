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
float percentile_of_sorted(const std::vector<float>& sorted, double p) {
  const double position = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(position));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  const double a = sorted[below];
  const double b = sorted[above];
  return static_cast<float>(a + (b - a) * fraction);
}

void check_view(std::span<const float> values, const PublishView& view, const RenderTarget& target) {
  if (view.rows != target.rows() || view.cols != target.cols() || view.count > view.rows * view.cols ||
      view.count < 0) {
    throw_internal("publish", "view " + std::to_string(view.rows) + "x" + std::to_string(view.cols) +
                                  " does not fit its render target");
  }
  if (view.count == 0) return;
  const int64_t last_row = (view.count - 1) / view.cols;
  const int64_t last_col = view.count > view.cols ? view.cols - 1 : view.count - 1;
  const int64_t last = view.offset + last_row * view.row_stride + last_col * view.col_stride;
  if (view.offset < 0 || last >= static_cast<int64_t>(values.size())) {
    throw_internal("publish", "view reaches outside layer " + std::to_string(view.layer) + "'s output");
  }
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

void publish_host(std::span<const float> pattern_values, const PublishView& view, RenderTarget& target) {
  check_view(pattern_values, view, target);
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

void Publisher::publish(const PublishView& view, RenderTarget& target) {
  if (!host_copies_) {
    try {
      backend_.publish(view, target);
      return;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Unsupported) throw;
      log_warning("the " + std::string(backend_.name()) +
                  " backend cannot publish to the renderer yet; layers are copied through host memory");
      host_copies_ = true;
    }
  }
  const int64_t size = element_count(graph_.output_shape(view.layer));
  auto [entry, fresh] = downloaded_.try_emplace(view.layer);
  if (fresh) {
    entry->second.resize(static_cast<size_t>(batch_ * size));
    backend_.download(view.layer, entry->second);
  }
  if (view.pattern < 0 || view.pattern >= batch_) throw_internal("publish", "pattern outside the last batch");
  publish_host(std::span<const float>(entry->second).subspan(static_cast<size_t>(view.pattern * size),
                                                            static_cast<size_t>(size)),
               view, target);
}

void Backend::publish(const PublishView& view, RenderTarget&) const {
  throw_unsupported("layer " + std::to_string(view.layer),
                    "the " + std::string(name()) + " backend cannot publish layer outputs for drawing yet");
}

}  // namespace cerebro::compute
