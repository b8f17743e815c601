#pragma once
// Frame times per phase: smoothed for the Performance panel, and every sample kept for
// --bench-frames, which prints p50 and p99 per phase.
#include <cstdio>
#include <vector>

#include "ui/view_state.hpp"

namespace cerebro::ui {

class FrameStats {
 public:
  // One finished frame; `computed`: a new pattern went through the model in it.
  void add(const PhaseTimes& times, bool computed, ViewState& state);
  void print_bench(std::FILE* out) const;

  double publish_ms = 0;  // set by the publish phase of the current frame

 private:
  std::vector<PhaseTimes> samples_;
  double window_ms_ = 0;
  int window_frames_ = 0;
  int window_patterns_ = 0;
};

}  // namespace cerebro::ui
