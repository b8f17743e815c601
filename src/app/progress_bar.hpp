#pragma once
// A progress line on stderr for long runs: redrawn in place on a terminal (at most 10 times a
// second), a plain line every tenth of the way otherwise (logs stay short).
#include <chrono>
#include <cstdint>
#include <string>

namespace cerebro::app {

class ProgressBar {
 public:
  // `total` steps of `unit` ("patterns"); silent when total <= 1.
  ProgressBar(int64_t total, std::string unit);
  // `done` steps so far; `pages` for the rate shown.
  void update(int64_t done, int64_t pages);
  // The final line (always printed when the bar is active).
  void finish(int64_t pages);

 private:
  void print(int64_t done, int64_t pages, bool final);

  int64_t total_;
  std::string unit_;
  bool active_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  int64_t last_tenth_ = 0;
};

}  // namespace cerebro::app
