#pragma once
// Frame times per phase: smoothed for the Performance panel, and, for --bench-frames only, every
// sample kept to print p50 and p99 per phase. A live session keeps no history: at 60 frames/s
// it would grow by ~290 MB a day (measured by bench/soak/viewer_soak.py).
#include <cstdint>
#include <cstdio>
#include <vector>

#include "ui/view_state.hpp"

namespace cerebro::ui {

class FrameStats {
 public:
  // `bench_frames` > 0: keep that many samples for print_bench (reserved up front).
  explicit FrameStats(int64_t bench_frames = 0);

  // One finished frame; `computed`: a new pattern went through the model in it.
  void add(const PhaseTimes& times, bool computed, ViewState& state);
  void print_bench(std::FILE* out) const;

  double publish_ms = 0;  // set by the publish phase of the current frame

 private:
  size_t keep_samples_ = 0;
  std::vector<PhaseTimes> samples_;
  double window_ms_ = 0;
  int window_frames_ = 0;
  int window_patterns_ = 0;
};

}  // namespace cerebro::ui
