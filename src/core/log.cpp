#include "core/log.hpp"

#include <atomic>
#include <iostream>

namespace cerebro {
namespace {
std::atomic<int> g_warnings{0};
}

void log_info(std::string_view message) { std::cerr << "cerebro: " << message << '\n'; }

void log_warning(std::string_view message) {
  ++g_warnings;
  std::cerr << "cerebro: warning: " << message << '\n';
}

int warning_count() { return g_warnings.load(); }

}  // namespace cerebro
