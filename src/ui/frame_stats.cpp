#include "ui/frame_stats.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "ui/viewer.hpp"

namespace cerebro::ui {
namespace {

// Nearest-rank percentile of `values` (sorted in place).
double percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

}  // namespace

FrameStats::FrameStats(int64_t bench_frames) : keep_samples_(static_cast<size_t>(std::max<int64_t>(bench_frames, 0))) {
  samples_.reserve(keep_samples_);
}

void FrameStats::add(const PhaseTimes& times, bool computed, ViewState& state) {
  if (samples_.size() < keep_samples_) samples_.push_back(times);
  state.last = times;
  constexpr double kKeep = 0.9;  // exponential smoothing: readable numbers, still live
  auto blend = [&](double PhaseTimes::*phase) {
    state.smooth.*phase = kKeep * (state.smooth.*phase) + (1 - kKeep) * (times.*phase);
  };
  for (auto phase : {&PhaseTimes::input, &PhaseTimes::advance, &PhaseTimes::compute, &PhaseTimes::publish,
                     &PhaseTimes::draw, &PhaseTimes::overlay, &PhaseTimes::present}) {
    blend(phase);
  }
  window_ms_ += times.total();
  ++window_frames_;
  window_patterns_ += computed ? 1 : 0;
  if (window_ms_ >= 500) {
    state.fps = window_frames_ * 1000.0 / window_ms_;
    state.patterns_per_second = window_patterns_ * 1000.0 / window_ms_;
    // /proc/self/status twice a second, not every frame: a file read is not free.
    state.rss_mb = resident_mb();
    window_ms_ = 0;
    window_frames_ = window_patterns_ = 0;
  }
}

void FrameStats::print_bench(std::FILE* out) const {
  const std::pair<const char*, std::function<double(const PhaseTimes&)>> phases[] = {
      {"input", [](const PhaseTimes& t) { return t.input + t.advance; }},
      {"compute", [](const PhaseTimes& t) { return t.compute; }},
      {"publish", [](const PhaseTimes& t) { return t.publish; }},
      {"draw", [](const PhaseTimes& t) { return t.draw; }},
      {"overlay", [](const PhaseTimes& t) { return t.overlay; }},
      {"present", [](const PhaseTimes& t) { return t.present; }},
      {"frame", [](const PhaseTimes& t) { return t.total(); }},
  };
  // The first frames build fonts, shaders and textures: not the steady state being measured.
  const size_t skip = std::min<size_t>(samples_.size() / 10, 10);
  std::fprintf(out, "cerebro: %zu frames (first %zu skipped), ms per phase:\n", samples_.size() - skip, skip);
  for (const auto& [name, of] : phases) {
    std::vector<double> values;
    for (size_t i = skip; i < samples_.size(); ++i) values.push_back(of(samples_[i]));
    std::fprintf(out, "  %-8s p50 %7.3f  p99 %7.3f\n", name, percentile(values, 50), percentile(values, 99));
  }
  std::fprintf(out, "  peak RSS %.1f MB\n", peak_resident_mb());
}

}  // namespace cerebro::ui
