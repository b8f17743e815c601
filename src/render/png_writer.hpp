#pragma once
// PNG encoding of rendered pages with libspng at a fast zlib setting. A colormapped page often has
// few distinct colours: then it is written as an indexed (palette) PNG, a third of the bytes to
// compress, and the same pixels.
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace cerebro::render {

struct PngOptions {
  int compression_level = 1;  // zlib: 1 is fastest; pages are flat colour, they compress well anyway
  bool allow_indexed = true;  // palette PNG when the image has at most 256 colours
};

// Bytes per pixel of what encode_png is given: RGB, or RGBA whose alpha is ignored (pages are
// opaque; RGBA is what the GL readback gives without a conversion).
enum class PixelLayout { Rgb8 = 3, Rgba8 = 4 };

// Encodes width x height pixels (rows top first) as an opaque PNG. Throws Internal on an encoder
// error.
std::vector<uint8_t> encode_png(std::span<const uint8_t> pixels, int width, int height,
                                PixelLayout layout = PixelLayout::Rgb8, const PngOptions& options = {});

// RGBA rows to RGB rows (alpha dropped).
std::vector<uint8_t> rgba_to_rgb(std::span<const uint8_t> rgba);

// Writes `bytes` to `path` (via a temporary name, so a reader never sees half a file). BadInput
// naming the path when it cannot be written.
void write_file(const std::filesystem::path& path, std::span<const uint8_t> bytes);

// Decodes a PNG into RGB pixels (palette expanded): tests and --state read pages back with it.
struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgb;
  uint8_t at(int x, int y, int channel) const {
    return rgb[(static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 3 +
               static_cast<size_t>(channel)];
  }
};
RgbImage read_png(const std::filesystem::path& path);

}  // namespace cerebro::render
