#pragma once
// NumPy's .npz: a zip archive (stored or deflated) holding one .npy per array, as np.savez and
// np.savez_compressed write it. Reference activations come in this form (one entry per layer).
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "io/npy.hpp"

namespace cerebro::io {

// Entries larger than this (uncompressed, as the archive declares) are refused before inflating:
// an .npz is read whole, and a tiny hostile archive can declare terabytes.
inline constexpr int64_t kMaxNpzEntryBytes = int64_t{2} << 30;

// The arrays' names in archive order, without the ".npy" suffix (as np.load(...).files).
std::vector<std::string> npz_names(const std::filesystem::path& path);

// One array by name (with or without ".npy"). Errors are BadInput naming the file and the entry.
NpyArray read_npz_array(const std::filesystem::path& path, std::string_view name);

// Every array, keyed by name without ".npy"; npz_names gives their archive order.
std::map<std::string, NpyArray, std::less<>> read_npz(const std::filesystem::path& path);

}  // namespace cerebro::io
