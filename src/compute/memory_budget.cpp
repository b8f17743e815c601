#include "compute/memory_budget.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "core/error.hpp"

namespace cerebro::compute {
namespace {

constexpr uint64_t kUncountable = std::numeric_limits<uint64_t>::max();

// Bytes of one node's output for `batch` patterns, or kUncountable on overflow.
uint64_t node_bytes(const model::Graph& graph, int node, int64_t batch) {
  const Shape& shape = graph.output_shape(node);
  uint64_t bytes = sizeof(float);
  for (const int64_t d : shape) {
    if (d < 0 || __builtin_mul_overflow(bytes, static_cast<uint64_t>(d), &bytes)) return kUncountable;
  }
  if (batch < 0 || __builtin_mul_overflow(bytes, static_cast<uint64_t>(batch), &bytes)) return kUncountable;
  return bytes;
}

// MemAvailable counts what can be allocated without swapping, page cache included
// (https://www.kernel.org/doc/html/latest/filesystems/proc.html#meminfo); MemFree would not.
std::optional<uint64_t> mem_available() {
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);) {
    std::istringstream fields(line);
    std::string key;
    uint64_t kib = 0;
    if (fields >> key >> kib && key == "MemAvailable:") return kib * 1024;
  }
  return std::nullopt;
}

void lower_to_limit(MemoryBudget& budget, int resource, const char* name) {
  rlimit limit{};
  if (::getrlimit(resource, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < budget.bytes) {
    budget = {static_cast<uint64_t>(limit.rlim_cur), name};
  }
}

}  // namespace

MemoryBudget host_memory_budget() {
  MemoryBudget budget;
  if (const std::optional<uint64_t> available = mem_available()) {
    budget = {*available, "MemAvailable in /proc/meminfo"};
  } else {
    const long pages = ::sysconf(_SC_AVPHYS_PAGES);
    const long page_size = ::sysconf(_SC_PAGESIZE);
    budget = {
        pages > 0 && page_size > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size) : kUncountable,
        "available physical pages (sysconf)"};
  }
  lower_to_limit(budget, RLIMIT_AS, "RLIMIT_AS");
  lower_to_limit(budget, RLIMIT_DATA, "RLIMIT_DATA");
  return budget;
}

uint64_t planned_output_bytes(const model::Graph& graph, int64_t max_batch) {
  uint64_t total = 0;
  for (int i = 0; i < graph.size(); ++i) {
    const uint64_t bytes = node_bytes(graph, i, max_batch);
    if (bytes == kUncountable || __builtin_add_overflow(total, bytes, &total)) return kUncountable;
  }
  return total;
}

uint64_t check_outputs_fit(const model::Graph& graph, int64_t max_batch, const MemoryBudget& budget) {
  const uint64_t total = planned_output_bytes(graph, max_batch);
  if ((total <= budget.bytes && total != kUncountable) || graph.size() == 0) return total;
  int largest = 0;
  for (int i = 1; i < graph.size(); ++i) {
    if (node_bytes(graph, i, max_batch) > node_bytes(graph, largest, max_batch)) largest = i;
  }
  const uint64_t own = node_bytes(graph, largest, max_batch);
  const std::string batch = std::to_string(max_batch) + (max_batch == 1 ? " pattern" : " patterns");
  const std::string needs = total == kUncountable
                                ? "more bytes than 64 bits can count"
                                : byte_size_text(total) + " (" + byte_size_text(own) + " for this layer)";
  throw_bad_input(
      graph.source_file() + ": layer '" + graph.node_name(largest) + "' (" + graph.layer(largest).keras_class() + ")",
      "output " + shape_with_batch(graph.output_shape(largest)) + ": the layer outputs for " + batch + " need " +
          needs + ", more than the " + byte_size_text(budget.bytes) + " of memory available (" + budget.source +
          "); refused before allocating");
}

std::string byte_size_text(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes) / 1024.0;
  size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < std::size(kUnits)) {
    value /= 1024.0;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

}  // namespace cerebro::compute
