#pragma once
// PNG (libpng) and JPEG (libjpeg-turbo) decoding of possibly untrusted files: both libraries are
// fuzzed and maintained by the distribution, and an image larger than kMaxImagePixels is refused
// before any pixel memory is allocated.
//
// Decoded images keep their raw sample values (no gamma or colour management, as Pillow reads
// them): 8-bit samples are 0..255, 16-bit PNG samples 0..65535. Alpha is dropped (RGBA -> RGB,
// gray+alpha -> gray); palette images become RGB; 1/2/4-bit gray becomes 8-bit. CMYK JPEGs are
// refused.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cerebro::patterns {

enum class ImageFormat { Png, Jpeg };

inline constexpr int64_t kMaxImagePixels = int64_t{1} << 26;  // 8192 x 8192

// The format by the file's first bytes (not its name); nullopt for anything else.
std::optional<ImageFormat> sniff_image_format(const std::filesystem::path& path);
// The same test on bytes already read (at least the first 8 when there are that many).
std::optional<ImageFormat> sniff_image_format(std::string_view first_bytes);

struct ImageHeader {
  int64_t height = 0;
  int64_t width = 0;
  int64_t channels = 1;  // after dropping alpha: 1 or 3
  float max = 255.0f;    // the sample value meaning full intensity: 255 or 65535
};

struct DecodedImage {
  ImageHeader header;
  std::vector<float> values;  // height x width x channels, C order, raw sample values
};

// Reads only the header (fast: for checking a folder's images up front). Errors are BadInput
// naming the file.
ImageHeader read_image_header(const std::filesystem::path& path, ImageFormat format);
DecodedImage decode_image(const std::filesystem::path& path, ImageFormat format);
// An image held in memory (what the fuzz targets feed); `name` is for messages. Files and buffers
// take the same decoding path: a buffer is read through fmemopen.
DecodedImage decode_image(std::string_view bytes, const std::string& name, ImageFormat format);

// The per-format decoders (png_decode.cpp, jpeg_decode.cpp), reading from an open stream they do
// not close; `name` is for messages. `values` null reads only the header.
ImageHeader read_png(std::FILE* file, const std::string& name, std::vector<float>* values);
ImageHeader read_jpeg(std::FILE* file, const std::string& name, std::vector<float>* values);

}  // namespace cerebro::patterns
