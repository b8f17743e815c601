#pragma once
// Before a backend allocates the output of every layer, the bytes are counted (checked for 64-bit
// overflow) and compared with the memory there is: a model file can declare any dimensions, and a
// plan that does not fit must be one clear error naming the layer, not an out-of-memory kill.
#include <cstdint>
#include <string>

#include "model/graph.hpp"

namespace cerebro::compute {

struct MemoryBudget {
  uint64_t bytes = 0;
  std::string source;  // where the figure comes from, for the message ("MemAvailable in /proc/meminfo")
};

// What this process may still allocate on the host: the smallest of MemAvailable (/proc/meminfo;
// sysconf(_SC_AVPHYS_PAGES) where that file is missing), RLIMIT_AS and RLIMIT_DATA when they are set
// (whole limits: what is mapped already is not subtracted, so a plan under the budget can still
// fail to allocate, which is then an out-of-memory error; one over it never gets that far).
MemoryBudget host_memory_budget();

// Bytes of every node's output for `max_batch` patterns (float32); UINT64_MAX when the count does
// not fit 64 bits.
uint64_t planned_output_bytes(const model::Graph& graph, int64_t max_batch);

// Throws BadInput naming the model file and its largest layer when the outputs of every layer for
// `max_batch` patterns need more than `budget` (or more than 64 bits can count). Returns the bytes.
uint64_t check_outputs_fit(const model::Graph& graph, int64_t max_batch, const MemoryBudget& budget);

// "1.5 GiB", "512 bytes": the sizes messages print.
std::string byte_size_text(uint64_t bytes);

}  // namespace cerebro::compute
