#pragma once
// NumPy's .npy format (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
// a magic string, a version, a header that is a Python dict literal, then the raw values. Pattern
// files can be gigabytes, so the reader streams from the file by element range and the writer
// streams appends; nothing here holds a whole file in memory.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/shape.hpp"
#include "core/tensor.hpp"

namespace cerebro::io {

enum class NpyDtype { Float32, Float64, UInt8 };

// "float32", "float64" or "uint8".
std::string_view npy_dtype_name(NpyDtype dtype);

// An array read whole, in double precision so that float64 references are compared exactly.
struct NpyArray {
  Shape shape;  // the full shape as stored (rank 0 for a scalar)
  NpyDtype dtype = NpyDtype::Float32;
  std::vector<double> values;  // C order
};

// Parses a complete .npy held in memory (an .npz entry). Errors are BadInput naming `context`.
NpyArray parse_npy(std::string_view bytes, const std::string& context);
// The same parse, values converted to float (float64 values are rounded to nearest).
Tensor parse_npy_tensor(std::string_view bytes, const std::string& context);

// Reads a .npy file lazily: the constructor parses only the header; read() seeks to the values.
class NpyReader {
 public:
  // Throws BadInput naming `path` for a file that is missing, is not .npy, has an unsupported
  // dtype or Fortran order, or is shorter than its shape says.
  explicit NpyReader(std::string path);
  ~NpyReader();
  NpyReader(NpyReader&& other) noexcept;
  NpyReader& operator=(NpyReader&& other) noexcept;
  NpyReader(const NpyReader&) = delete;
  NpyReader& operator=(const NpyReader&) = delete;

  const Shape& shape() const { return shape_; }
  NpyDtype dtype() const { return dtype_; }
  const std::string& path() const { return path_; }
  int64_t element_count() const { return cerebro::element_count(shape_); }

  // Converts `count` values starting at flat C-order index `first` into `dst`.
  void read(int64_t first, int64_t count, float* dst) const;

 private:
  std::string path_;
  int fd_ = -1;
  Shape shape_;
  NpyDtype dtype_ = NpyDtype::Float32;
  int64_t data_offset_ = 0;
};

// Writes a C-order float32 .npy whose final shape is known up front. Every failed write names the
// path ("cannot write: No space left on device"). A writer destroyed before finish() succeeded
// removes its partial file, so an interrupted export never looks like a complete one.
class NpyWriter {
 public:
  NpyWriter(std::string path, Shape full_shape);
  ~NpyWriter();
  NpyWriter(const NpyWriter&) = delete;
  NpyWriter& operator=(const NpyWriter&) = delete;

  void append(const float* values, int64_t count);
  // Checks that exactly element_count(full_shape) values were appended, then flushes and closes.
  void finish();

  const std::string& path() const { return path_; }
  int64_t written() const { return written_; }

 private:
  void write_bytes(const void* data, size_t size);
  [[noreturn]] void fail(const std::string& what);
  void discard() noexcept;

  std::string path_;
  Shape shape_;
  std::FILE* file_ = nullptr;
  bool remove_on_failure_ = false;  // only for a regular file we opened (never /dev/full & co.)
  int64_t written_ = 0;
};

}  // namespace cerebro::io
