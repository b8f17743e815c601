#include "patterns/image_decode.hpp"

#include <cstring>
#include <fstream>

namespace cerebro::patterns {

std::optional<ImageFormat> sniff_image_format(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  const std::streamsize got = in.gcount();
  // PNG: the 8-byte signature (RFC 2083, 3.1); JPEG: SOI then the first marker's 0xFF.
  if (got == 8 && std::memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0) return ImageFormat::Png;
  if (got >= 3 && std::memcmp(magic, "\xFF\xD8\xFF", 3) == 0) return ImageFormat::Jpeg;
  return std::nullopt;
}

ImageHeader read_image_header(const std::filesystem::path& path, ImageFormat format) {
  return format == ImageFormat::Png ? read_png(path, nullptr) : read_jpeg(path, nullptr);
}

DecodedImage decode_image(const std::filesystem::path& path, ImageFormat format) {
  DecodedImage image;
  image.header = format == ImageFormat::Png ? read_png(path, &image.values) : read_jpeg(path, &image.values);
  return image;
}

}  // namespace cerebro::patterns
