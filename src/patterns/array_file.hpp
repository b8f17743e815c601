#pragma once
// An n-dimensional array stored in a file, read by flat element range and converted to float:
// a .npy file (plain or gzipped), an .npz entry, or an IDX file (plain or gzipped).
//
// IDX (http://yann.lecun.com/exdb/mnist/, section "THE IDX FILE FORMAT"), as MNIST and
// Fashion-MNIST ship: magic 00 00 <type> <rank>, then <rank> big-endian uint32 dimensions, then
// the values in C order, big-endian. Types: 08 uint8, 09 int8, 0B int16, 0C int32, 0D float32,
// 0E float64. Images are 00 00 08 03 (N, rows, columns); labels 00 00 08 01 (N,).
#include <memory>
#include <string>

#include "core/shape.hpp"
#include "patterns/byte_stream.hpp"

namespace cerebro::patterns {

enum class ElementType { UInt8, Int8, Int16, Int32, Float32, Float64 };

struct ArrayLayout {
  Shape shape;  // the full shape as stored
  ElementType type = ElementType::Float32;
  bool big_endian = false;
  int64_t data_offset = 0;  // where the values start in the stream
};

class ArrayFile {
 public:
  // Checks the layout against the stream's size when that is known: a short file is BadInput.
  ArrayFile(std::unique_ptr<ByteStream> stream, ArrayLayout layout, std::string type_name);

  const Shape& shape() const { return layout_.shape; }
  ElementType type() const { return layout_.type; }
  // "uint8", "float32", ...
  const std::string& type_name() const { return type_name_; }
  const std::string& name() const { return stream_->name(); }

  // Converts `count` values from flat C-order index `first` into `destination`, raw (a uint8 255
  // reads 255.0f); memory stays bounded for any count.
  void read(int64_t first, int64_t count, float* destination);

 private:
  std::unique_ptr<ByteStream> stream_;
  ArrayLayout layout_;
  std::string type_name_;
};

// A .npy held in `stream` (float32, float64 or uint8, C order; see io/npy_header.hpp).
ArrayFile open_npy_array(std::unique_ptr<ByteStream> stream);
// An IDX file held in `stream`. A wrong magic number or short data is BadInput naming the file.
ArrayFile open_idx_array(std::unique_ptr<ByteStream> stream);

// True when these four bytes can start an IDX file (00 00, a known type, rank 1 to 8).
bool looks_like_idx(const unsigned char magic[4]);

}  // namespace cerebro::patterns
