#include "io/npy.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <utility>

#include "core/error.hpp"
#include "core/output_file.hpp"
#include "io/npy_header.hpp"

namespace cerebro::io {
namespace {

// Values are copied byte for byte from '<' (little-endian) files; a big-endian host would need
// a byte swap here, and no platform cerebro targets is big-endian.
static_assert(std::endian::native == std::endian::little, "npy decoding assumes a little-endian host");

template <typename Stored, typename Out>
void convert_as(const char* src, size_t count, Out* dst) {
  for (size_t i = 0; i < count; ++i) {
    Stored v;
    std::memcpy(&v, src + sizeof(Stored) * i, sizeof(Stored));
    dst[i] = static_cast<Out>(v);
  }
}

template <typename Out>
void convert(const char* src, NpyDtype dtype, size_t count, Out* dst) {
  switch (dtype) {
    case NpyDtype::Float32:
      return convert_as<float>(src, count, dst);
    case NpyDtype::Float64:
      return convert_as<double>(src, count, dst);
    case NpyDtype::UInt8:
      return convert_as<unsigned char>(src, count, dst);
  }
}

std::string errno_text() { return std::strerror(errno); }

// Reads exactly `size` bytes at `offset` or says why not; EINTR and short reads are retried.
void pread_all(int fd, char* dst, size_t size, int64_t offset, const std::string& path) {
  while (size > 0) {
    const ssize_t got = ::pread(fd, dst, size, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_bad_input(path, "cannot read: " + errno_text());
    }
    if (got == 0) throw_bad_input(path, "file ended early (was it truncated while being read?)");
    dst += got;
    size -= static_cast<size_t>(got);
    offset += got;
  }
}

std::string truncated_message(const NpyHeader& header, int64_t available) {
  return "file is truncated: its header says " + std::string(npy_dtype_name(header.dtype)) + " " +
         shape_tuple(header.shape) + " (" + std::to_string(npy_data_bytes(header)) +
         " bytes of values) but only " + std::to_string(available) + " bytes follow the header";
}

template <typename Out>
std::vector<Out> decode_all(std::string_view bytes, const std::string& context, NpyHeader& header) {
  const size_t prefix_size = std::min(bytes.size(), kNpyPrefixSize);
  const NpyPreamble preamble = parse_npy_preamble(bytes.substr(0, prefix_size), context);
  if (bytes.size() < preamble.dict_offset + preamble.dict_length) {
    throw_bad_input(context, "file ends inside its .npy header");
  }
  header = parse_npy_dict(bytes.substr(preamble.dict_offset, preamble.dict_length), context);
  const size_t data_offset = preamble.dict_offset + preamble.dict_length;
  const int64_t available = static_cast<int64_t>(bytes.size() - data_offset);
  if (available < npy_data_bytes(header)) throw_bad_input(context, truncated_message(header, available));
  std::vector<Out> values(static_cast<size_t>(cerebro::element_count(header.shape)));
  convert(bytes.data() + data_offset, header.dtype, values.size(), values.data());
  return values;
}

}  // namespace

std::string_view npy_dtype_name(NpyDtype dtype) {
  switch (dtype) {
    case NpyDtype::Float32: return "float32";
    case NpyDtype::Float64: return "float64";
    case NpyDtype::UInt8: return "uint8";
  }
  return "?";
}

NpyArray parse_npy(std::string_view bytes, const std::string& context) {
  NpyHeader header;
  NpyArray array;
  array.values = decode_all<double>(bytes, context, header);
  array.shape = std::move(header.shape);
  array.dtype = header.dtype;
  return array;
}

Tensor parse_npy_tensor(std::string_view bytes, const std::string& context) {
  NpyHeader header;
  Tensor tensor;
  tensor.values = decode_all<float>(bytes, context, header);
  tensor.shape = std::move(header.shape);
  return tensor;
}

// ---- NpyReader ------------------------------------------------------------------------------

NpyReader::NpyReader(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw_bad_input(path_, "cannot open: " + errno_text());
  try {
    struct stat info {};
    if (::fstat(fd_, &info) != 0) throw_bad_input(path_, "cannot stat: " + errno_text());
    // The size check below (and seeking) only mean something for a regular file.
    if (!S_ISREG(info.st_mode)) throw_bad_input(path_, "not a regular file");
    const int64_t file_size = info.st_size;

    std::string prefix(static_cast<size_t>(std::min<int64_t>(file_size, kNpyPrefixSize)), '\0');
    pread_all(fd_, prefix.data(), prefix.size(), 0, path_);
    const NpyPreamble preamble = parse_npy_preamble(prefix, path_);
    const int64_t dict_end = static_cast<int64_t>(preamble.dict_offset + preamble.dict_length);
    if (file_size < dict_end) throw_bad_input(path_, "file ends inside its .npy header");

    std::string dict(preamble.dict_length, '\0');
    pread_all(fd_, dict.data(), dict.size(), static_cast<int64_t>(preamble.dict_offset), path_);
    NpyHeader header = parse_npy_dict(dict, path_);
    if (file_size - dict_end < npy_data_bytes(header)) {
      throw_bad_input(path_, truncated_message(header, file_size - dict_end));
    }
    shape_ = std::move(header.shape);
    dtype_ = header.dtype;
    data_offset_ = dict_end;
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

NpyReader::~NpyReader() {
  if (fd_ >= 0) ::close(fd_);
}

NpyReader::NpyReader(NpyReader&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      shape_(std::move(other.shape_)),
      dtype_(other.dtype_),
      data_offset_(other.data_offset_) {}

NpyReader& NpyReader::operator=(NpyReader&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    shape_ = std::move(other.shape_);
    dtype_ = other.dtype_;
    data_offset_ = other.data_offset_;
  }
  return *this;
}

void NpyReader::read(int64_t first, int64_t count, float* dst) const {
  const int64_t total = element_count();
  if (first < 0 || count < 0 || first > total || count > total - first) {
    throw_bad_input(path_, "values [" + std::to_string(first) + ", " + std::to_string(first + count) +
                               ") are outside the array's " + std::to_string(total) + " values");
  }
  if (fd_ < 0) throw_internal(path_, "read from a moved-from NpyReader");
  const int64_t item = npy_item_size(dtype_);
  int64_t offset = data_offset_ + first * item;
  if (dtype_ == NpyDtype::Float32) {
    // Same representation: read straight into the caller's buffer.
    pread_all(fd_, reinterpret_cast<char*>(dst), static_cast<size_t>(count) * 4, offset, path_);
    return;
  }
  // Other dtypes go through a bounded staging buffer, so memory stays flat for any count.
  constexpr int64_t kChunkBytes = int64_t{1} << 16;
  std::vector<char> staging(static_cast<size_t>(std::min(count * item, kChunkBytes)));
  while (count > 0) {
    const int64_t n = std::min(count, kChunkBytes / item);
    pread_all(fd_, staging.data(), static_cast<size_t>(n * item), offset, path_);
    convert(staging.data(), dtype_, static_cast<size_t>(n), dst);
    dst += n;
    count -= n;
    offset += n * item;
  }
}

// ---- NpyWriter ------------------------------------------------------------------------------

NpyWriter::NpyWriter(std::string path, Shape full_shape) : path_(std::move(path)), shape_(std::move(full_shape)) {
  validate_shape(shape_, path_);
  file_ = open_output_file(path_);
  struct stat info {};
  remove_on_failure_ = ::fstat(::fileno(file_), &info) == 0 && S_ISREG(info.st_mode);
  const std::string header = npy_f32_header(shape_);
  write_bytes(header.data(), header.size());
}

NpyWriter::~NpyWriter() { discard(); }

void NpyWriter::append(const float* values, int64_t count) {
  if (file_ == nullptr) throw_internal(path_, "append to an NpyWriter that is finished or failed");
  const int64_t total = cerebro::element_count(shape_);
  if (count < 0 || count > total - written_) {
    discard();
    throw_internal(path_, "appending " + std::to_string(count) + " values after " + std::to_string(written_) +
                              " overflows shape " + shape_tuple(shape_));
  }
  write_bytes(values, static_cast<size_t>(count) * sizeof(float));
  written_ += count;
}

void NpyWriter::finish() {
  if (file_ == nullptr) throw_internal(path_, "finish on an NpyWriter that is finished or failed");
  const int64_t total = cerebro::element_count(shape_);
  if (written_ != total) {
    discard();
    throw_internal(path_, "finished after " + std::to_string(written_) + " of " + std::to_string(total) +
                              " values of shape " + shape_tuple(shape_));
  }
  if (std::fflush(file_) != 0) fail("cannot write: " + errno_text());
  // fclose releases the stream even when it fails, so the handle is gone either way.
  const int closed = std::fclose(std::exchange(file_, nullptr));
  if (closed != 0) fail("cannot write: " + errno_text());
  remove_on_failure_ = false;  // complete: the file is the result now
}

void NpyWriter::write_bytes(const void* data, size_t size) {
  if (size > 0 && std::fwrite(data, 1, size, file_) != size) fail("cannot write: " + errno_text());
}

void NpyWriter::fail(const std::string& what) {
  discard();
  throw_bad_input(path_, what);
}

void NpyWriter::discard() noexcept {
  if (file_ != nullptr) std::fclose(std::exchange(file_, nullptr));
  if (remove_on_failure_) {
    ::unlink(path_.c_str());
    remove_on_failure_ = false;
  }
}

}  // namespace cerebro::io
