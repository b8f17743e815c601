#pragma once
// Exporting a layer's activations for every pattern: shape (N, *pattern_shape), written as the
// batches come out of the backend, so an export of any N needs only one batch in memory.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/shape.hpp"

namespace cerebro::io {

enum class ExportFormat { Npy, Json };

// "npy" or "json"; anything else is a BadInput error about the export format.
ExportFormat parse_export_format(std::string_view text);
// ".npy" or ".json".
std::string_view export_extension(ExportFormat format);

// A file name stem for a Keras layer name, which may hold '/', spaces, "..", non-ASCII...: only
// [A-Za-z0-9._-] (anything else becomes '_'), never empty, never starting with '.' (so never "."
// or "..") or '-' (it would read as an option), at most 200 bytes. Different names can map to the
// same stem; callers that write several layers into one folder must check for that.
std::string safe_file_stem(std::string_view layer_name);

// Creates `folder` and its parents unless it exists; BadInput naming it when it cannot be made or
// a file of that name is in the way.
void make_output_folder(const std::filesystem::path& folder);

// Npy: a float32 C-order .npy (NpyWriter). Json: nested lists, one pattern per line, numbers in
// the shortest form that reads back as the same float32; NaN and +-Inf have no JSON spelling and
// are written as null, counted by non_finite_count() so the caller can warn.
// As with NpyWriter, a writer destroyed before finish() succeeded removes its partial file.
class ActivationWriter {
 public:
  ActivationWriter(std::filesystem::path path, ExportFormat format, Shape pattern_shape, int64_t patterns);
  ~ActivationWriter();
  ActivationWriter(const ActivationWriter&) = delete;
  ActivationWriter& operator=(const ActivationWriter&) = delete;

  // `patterns` whole patterns, C order, element_count(pattern_shape) floats each.
  void append(const float* values, int64_t patterns);
  // Checks that every announced pattern was appended, then flushes and closes.
  void finish();

  const std::filesystem::path& path() const { return path_; }
  int64_t patterns_written() const { return written_; }
  int64_t non_finite_count() const;

  class Sink;  // one per format, defined in the .cpp

 private:
  std::filesystem::path path_;
  Shape pattern_shape_;
  int64_t patterns_ = 0;
  int64_t written_ = 0;
  std::unique_ptr<Sink> sink_;
};

}  // namespace cerebro::io
