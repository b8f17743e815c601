#include "app/progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace cerebro::app {

ProgressBar::ProgressBar(int64_t total, std::string unit)
    : total_(total),
      unit_(std::move(unit)),
      active_(total > 1),
      terminal_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void ProgressBar::update(int64_t done, int64_t pages) {
  if (!active_) return;
  const auto now = std::chrono::steady_clock::now();
  if (terminal_) {
    if (now - last_ < std::chrono::milliseconds(100)) return;
  } else {
    const int64_t tenth = done * 10 / total_;
    if (tenth == last_tenth_) return;
    last_tenth_ = tenth;
  }
  last_ = now;
  print(done, pages, false);
}

void ProgressBar::finish(int64_t pages) {
  // A log already has the last tenth's line; a terminal needs its line ended.
  if (active_ && (terminal_ || last_tenth_ < 10)) print(total_, pages, true);
}

void ProgressBar::print(int64_t done, int64_t pages, bool final) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(pages) / seconds : 0.0;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(done * kWidth / total_);
  std::string bar(static_cast<size_t>(filled), '=');
  bar.resize(kWidth, ' ');
  std::fprintf(stderr, "%scapture [%s] %lld/%lld %s, %.1f pages/s%s", terminal_ ? "\r" : "", bar.c_str(),
               static_cast<long long>(done), static_cast<long long>(total_), unit_.c_str(), rate,
               final || !terminal_ ? "\n" : "");
  std::fflush(stderr);
}

}  // namespace cerebro::app
