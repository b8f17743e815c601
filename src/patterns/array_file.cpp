#include "patterns/array_file.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/error.hpp"
#include "io/npy_header.hpp"

namespace cerebro::patterns {
namespace {

int64_t item_size(ElementType type) {
  switch (type) {
    case ElementType::UInt8:
    case ElementType::Int8:
      return 1;
    case ElementType::Int16:
      return 2;
    case ElementType::Int32:
    case ElementType::Float32:
      return 4;
    case ElementType::Float64:
      return 8;
  }
  return 1;
}

template <typename T>
T load(const char* bytes, bool swap) {
  std::array<char, sizeof(T)> copy;
  std::memcpy(copy.data(), bytes, sizeof(T));
  if (swap) std::reverse(copy.begin(), copy.end());
  return std::bit_cast<T>(copy);
}

template <typename T>
void convert_as(const char* source, int64_t count, bool swap, float* destination) {
  for (int64_t i = 0; i < count; ++i)
    destination[i] = static_cast<float>(load<T>(source + i * int64_t{sizeof(T)}, swap));
}

void convert(const char* source, ElementType type, bool swap, int64_t count, float* destination) {
  switch (type) {
    case ElementType::UInt8:
      return convert_as<uint8_t>(source, count, false, destination);
    case ElementType::Int8:
      return convert_as<int8_t>(source, count, false, destination);
    case ElementType::Int16:
      return convert_as<int16_t>(source, count, swap, destination);
    case ElementType::Int32:
      return convert_as<int32_t>(source, count, swap, destination);
    case ElementType::Float32:
      return convert_as<float>(source, count, swap, destination);
    case ElementType::Float64:
      return convert_as<double>(source, count, swap, destination);
  }
}

struct IdxType {
  unsigned char code;
  ElementType type;
  const char* name;
};
constexpr IdxType kIdxTypes[] = {{0x08, ElementType::UInt8, "uint8"},     {0x09, ElementType::Int8, "int8"},
                                 {0x0B, ElementType::Int16, "int16"},     {0x0C, ElementType::Int32, "int32"},
                                 {0x0D, ElementType::Float32, "float32"}, {0x0E, ElementType::Float64, "float64"}};
constexpr int kMaxIdxRank = 8;

const IdxType* find_idx_type(unsigned char code) {
  for (const IdxType& entry : kIdxTypes) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

std::string hex_magic(const unsigned char magic[4]) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%02X%02X%02X%02X", magic[0], magic[1], magic[2], magic[3]);
  return text;
}

}  // namespace

bool looks_like_idx(const unsigned char magic[4]) {
  return magic[0] == 0 && magic[1] == 0 && find_idx_type(magic[2]) != nullptr && magic[3] >= 1 &&
         magic[3] <= kMaxIdxRank;
}

ArrayFile::ArrayFile(std::unique_ptr<ByteStream> stream, ArrayLayout layout, std::string type_name)
    : stream_(std::move(stream)), layout_(std::move(layout)), type_name_(std::move(type_name)) {
  validate_shape(layout_.shape, stream_->name());
  const int64_t data_bytes = element_count(layout_.shape) * item_size(layout_.type);
  const int64_t needed = layout_.data_offset + data_bytes;
  const std::optional<int64_t> size = stream_->size();
  // A gzip trailer's size is modulo 2^32: it proves a file short only below that.
  if (size && *size < needed && needed < (int64_t{1} << 32)) {
    throw_bad_input(name(), "file is truncated: its header says " + type_name_ + " " + shape_tuple(layout_.shape) +
                                " (" + std::to_string(data_bytes) + " bytes of values) but only " +
                                std::to_string(std::max<int64_t>(*size - layout_.data_offset, 0)) +
                                " bytes follow the header");
  }
}

void ArrayFile::read(int64_t first, int64_t count, float* destination) {
  const int64_t total = element_count(layout_.shape);
  if (first < 0 || count < 0 || first > total || count > total - first) {
    throw_internal(name(), "values [" + std::to_string(first) + ", " + std::to_string(first + count) +
                               ") are outside the array's " + std::to_string(total) + " values");
  }
  const int64_t item = item_size(layout_.type);
  const bool swap = layout_.big_endian != (std::endian::native == std::endian::big);
  constexpr int64_t kChunkBytes = int64_t{1} << 16;
  std::vector<char> staging(static_cast<size_t>(std::min(count * item, kChunkBytes)));
  int64_t offset = layout_.data_offset + first * item;
  while (count > 0) {
    const int64_t n = std::min(count, kChunkBytes / item);
    stream_->read_at(offset, staging.data(), n * item);
    convert(staging.data(), layout_.type, swap, n, destination);
    destination += n;
    count -= n;
    offset += n * item;
  }
}

ArrayFile open_npy_array(std::unique_ptr<ByteStream> stream) {
  const std::string context = stream->name();
  const std::optional<int64_t> size = stream->size();
  std::string prefix(static_cast<size_t>(std::min<int64_t>(size.value_or(io::kNpyPrefixSize), io::kNpyPrefixSize)),
                     '\0');
  stream->read_at(0, prefix.data(), static_cast<int64_t>(prefix.size()));
  const io::NpyPreamble preamble = io::parse_npy_preamble(prefix, context);
  std::string dict(preamble.dict_length, '\0');
  stream->read_at(static_cast<int64_t>(preamble.dict_offset), dict.data(), static_cast<int64_t>(dict.size()));
  const io::NpyHeader header = io::parse_npy_dict(dict, context);
  ArrayLayout layout{header.shape, ElementType::Float32, false,
                     static_cast<int64_t>(preamble.dict_offset + preamble.dict_length)};
  switch (header.dtype) {
    case io::NpyDtype::Float32:
      layout.type = ElementType::Float32;
      break;
    case io::NpyDtype::Float64:
      layout.type = ElementType::Float64;
      break;
    case io::NpyDtype::UInt8:
      layout.type = ElementType::UInt8;
      break;
  }
  return ArrayFile(std::move(stream), std::move(layout), std::string(io::npy_dtype_name(header.dtype)));
}

ArrayFile open_idx_array(std::unique_ptr<ByteStream> stream) {
  const std::string context = stream->name();
  const std::optional<int64_t> size = stream->size();
  if (size && *size < 4) throw_bad_input(context, "not an IDX file: shorter than its 4-byte magic number");
  unsigned char magic[4];
  stream->read_at(0, reinterpret_cast<char*>(magic), 4);
  if (!looks_like_idx(magic)) {
    throw_bad_input(context,
                    "not an IDX file: magic number " + hex_magic(magic) +
                        " (expected 00 00, a type 08/09/0B/0C/0D/0E, a rank 1-8: 0x00000803 for uint8 images)");
  }
  const IdxType& type = *find_idx_type(magic[2]);
  const int rank = magic[3];
  std::vector<unsigned char> dims(static_cast<size_t>(4 * rank));
  stream->read_at(4, reinterpret_cast<char*>(dims.data()), static_cast<int64_t>(dims.size()));
  Shape shape;
  for (int axis = 0; axis < rank; ++axis) {
    const unsigned char* d = dims.data() + 4 * axis;
    shape.push_back(int64_t{d[0]} << 24 | int64_t{d[1]} << 16 | int64_t{d[2]} << 8 | int64_t{d[3]});
  }
  ArrayLayout layout{shape, type.type, true, 4 + 4 * int64_t{rank}};
  return ArrayFile(std::move(stream), std::move(layout), type.name);
}

}  // namespace cerebro::patterns
