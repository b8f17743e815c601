#include "patterns/image_decode.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

#include "core/error.hpp"

namespace cerebro::patterns {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

FilePtr open_file(const std::filesystem::path& path) {
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) throw_bad_input(path.string(), "cannot open: " + std::string(std::strerror(errno)));
  return file;
}

ImageHeader read_any(std::FILE* file, const std::string& name, ImageFormat format, std::vector<float>* values) {
  return format == ImageFormat::Png ? read_png(file, name, values) : read_jpeg(file, name, values);
}

}  // namespace

std::optional<ImageFormat> sniff_image_format(std::string_view first_bytes) {
  // PNG: the 8-byte signature (RFC 2083, 3.1); JPEG: SOI then the first marker's 0xFF.
  if (first_bytes.size() >= 8 && std::memcmp(first_bytes.data(), "\x89PNG\r\n\x1a\n", 8) == 0) return ImageFormat::Png;
  if (first_bytes.size() >= 3 && std::memcmp(first_bytes.data(), "\xFF\xD8\xFF", 3) == 0) return ImageFormat::Jpeg;
  return std::nullopt;
}

std::optional<ImageFormat> sniff_image_format(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  return sniff_image_format(std::string_view(magic, static_cast<size_t>(in.gcount())));
}

ImageHeader read_image_header(const std::filesystem::path& path, ImageFormat format) {
  return read_any(open_file(path).get(), path.string(), format, nullptr);
}

DecodedImage decode_image(const std::filesystem::path& path, ImageFormat format) {
  DecodedImage image;
  image.header = read_any(open_file(path).get(), path.string(), format, &image.values);
  return image;
}

DecodedImage decode_image(std::string_view bytes, const std::string& name, ImageFormat format) {
  // fmemopen refuses a zero-length buffer; an empty file is not an image anyway.
  if (bytes.empty()) throw_bad_input(name, "is empty (not an image)");
  // Opened "r", fmemopen only reads the buffer: the const_cast never leads to a write.
  FilePtr file(fmemopen(const_cast<char*>(bytes.data()), bytes.size(), "r"));
  if (!file) throw_internal(name, "cannot read from memory: " + std::string(std::strerror(errno)));
  DecodedImage image;
  image.header = read_any(file.get(), name, format, &image.values);
  return image;
}

}  // namespace cerebro::patterns
