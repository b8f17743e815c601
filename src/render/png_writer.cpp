#include "render/png_writer.hpp"

#include <spng.h>

#include <array>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/output_file.hpp"

namespace cerebro::render {
namespace {

using Context = std::unique_ptr<spng_ctx, decltype(&spng_ctx_free)>;

void check(int status, const char* what) {
  if (status != 0) throw_internal("PNG", std::string(what) + ": " + spng_strerror(status));
}

uint32_t pack(const uint8_t* p) { return uint32_t{p[0]} << 16 | uint32_t{p[1]} << 8 | p[2]; }

// The image's colours as a palette with one index per pixel, when there are at most 256 of them.
// Neighbouring pixels are usually equal (maps are drawn as blocks), so the last colour is checked
// before the small open-addressed table.
class Palette {
 public:
  bool build(std::span<const uint8_t> pixels, size_t step, std::vector<uint8_t>& indices) {
    indices.resize(pixels.size() / step);
    uint32_t last = 0xffffffff;
    uint8_t last_index = 0;
    for (size_t i = 0; i < indices.size(); ++i) {
      const uint32_t colour = pack(&pixels[step * i]);
      if (colour != last) {
        const int index = find_or_add(colour);
        if (index < 0) return false;
        last = colour;
        last_index = static_cast<uint8_t>(index);
      }
      indices[i] = last_index;
    }
    return true;
  }

  spng_plte plte() const {
    spng_plte plte{};
    plte.n_entries = static_cast<uint32_t>(count_);
    for (int i = 0; i < count_; ++i) {
      const uint32_t c = colours_[static_cast<size_t>(i)];
      plte.entries[i] = {static_cast<uint8_t>(c >> 16), static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c), 255};
    }
    return plte;
  }

 private:
  static constexpr size_t kSlots = 1024;  // power of two, well above 256 entries

  int find_or_add(uint32_t colour) {
    size_t slot = (colour * 2654435761u) & (kSlots - 1);
    while (slot_index_[slot] != 0) {
      if (slot_colour_[slot] == colour) return slot_index_[slot] - 1;
      slot = (slot + 1) & (kSlots - 1);
    }
    if (count_ == 256) return -1;
    slot_colour_[slot] = colour;
    slot_index_[slot] = static_cast<int16_t>(count_ + 1);
    colours_[static_cast<size_t>(count_)] = colour;
    return count_++;
  }

  std::array<uint32_t, kSlots> slot_colour_{};
  std::array<int16_t, kSlots> slot_index_{};
  std::array<uint32_t, 256> colours_{};
  int count_ = 0;
};

std::vector<uint8_t> encode(const void* pixels, size_t size, spng_ihdr ihdr, const spng_plte* plte, int level) {
  Context ctx(spng_ctx_new(SPNG_CTX_ENCODER), spng_ctx_free);
  if (!ctx) throw_internal("PNG", "cannot create an encoder");
  check(spng_set_option(ctx.get(), SPNG_ENCODE_TO_BUFFER, 1), "encoder setup");
  check(spng_set_option(ctx.get(), SPNG_IMG_COMPRESSION_LEVEL, level), "compression level");
  // No filtering: measured on the article's page, libspng's UP or adaptive filters cost 50-100 %
  // more time for files within 1 % of the size (flat colour blocks deflate well unfiltered).
  check(spng_set_option(ctx.get(), SPNG_FILTER_CHOICE, SPNG_FILTER_CHOICE_NONE), "filter choice");
  check(spng_set_ihdr(ctx.get(), &ihdr), "header");
  if (plte) {
    spng_plte copy = *plte;
    check(spng_set_plte(ctx.get(), &copy), "palette");
  }
  check(spng_encode_image(ctx.get(), pixels, size, SPNG_FMT_PNG, SPNG_ENCODE_FINALIZE), "encoding");
  size_t length = 0;
  int error = 0;
  void* buffer = spng_get_png_buffer(ctx.get(), &length, &error);
  check(error, "encoding");
  std::vector<uint8_t> bytes(static_cast<uint8_t*>(buffer), static_cast<uint8_t*>(buffer) + length);
  std::free(buffer);
  return bytes;
}

}  // namespace

namespace {

// Alpha dropped, four pixels at a time as three words (this runs once per page on 4 MB: a byte
// loop was an eighth of a capture's CPU time).
void pack_rgb(std::span<const uint8_t> rgba, uint8_t* rgb) {
  static_assert(std::endian::native == std::endian::little, "pack_rgb reads pixels as little-endian words");
  const size_t pixels = rgba.size() / 4;
  size_t i = 0;
  for (; i + 4 <= pixels; i += 4) {
    uint32_t p[4];
    std::memcpy(p, rgba.data() + 4 * i, sizeof p);
    // Little endian: byte 0 of a word is R. Keep R, G, B of each pixel, in order.
    const uint32_t words[3] = {(p[0] & 0xffffffu) | p[1] << 24, (p[1] >> 8 & 0xffffu) | p[2] << 16,
                               (p[2] >> 16 & 0xffu) | p[3] << 8};
    std::memcpy(rgb + 3 * i, words, sizeof words);
  }
  for (; i < pixels; ++i) std::memcpy(rgb + 3 * i, rgba.data() + 4 * i, 3);
}

}  // namespace

std::vector<uint8_t> rgba_to_rgb(std::span<const uint8_t> rgba) {
  std::vector<uint8_t> rgb(rgba.size() / 4 * 3);
  pack_rgb(rgba, rgb.data());
  return rgb;
}

std::vector<uint8_t> encode_png(std::span<const uint8_t> pixels, int width, int height, PixelLayout layout,
                                const PngOptions& options) {
  const size_t step = static_cast<size_t>(layout);
  if (width <= 0 || height <= 0 || pixels.size() != static_cast<size_t>(width) * static_cast<size_t>(height) * step) {
    throw_internal("PNG", "pixel buffer does not match the image size");
  }
  spng_ihdr ihdr{};
  ihdr.width = static_cast<uint32_t>(width);
  ihdr.height = static_cast<uint32_t>(height);
  ihdr.bit_depth = 8;
  // Per-thread scratch: encoder threads reuse their buffers page after page (fresh 3-4 MB
  // allocations cost page faults and zero fills).
  thread_local std::vector<uint8_t> scratch;
  if (options.allow_indexed) {
    Palette palette;
    if (palette.build(pixels, step, scratch)) {
      ihdr.color_type = SPNG_COLOR_TYPE_INDEXED;
      const spng_plte plte = palette.plte();
      return encode(scratch.data(), scratch.size(), ihdr, &plte, options.compression_level);
    }
  }
  ihdr.color_type = SPNG_COLOR_TYPE_TRUECOLOR;
  if (layout == PixelLayout::Rgba8) {
    scratch.resize(pixels.size() / 4 * 3);
    pack_rgb(pixels, scratch.data());
    return encode(scratch.data(), scratch.size(), ihdr, nullptr, options.compression_level);
  }
  return encode(pixels.data(), pixels.size(), ihdr, nullptr, options.compression_level);
}

void write_file(const std::filesystem::path& path, std::span<const uint8_t> bytes) {
  // Written beside the page and renamed over it, so a reader never sees half a page; rename
  // replaces a link at `path` itself, and the temporary is never opened through one.
  std::filesystem::path temporary = path;
  temporary += ".part";
  std::FILE* out = open_output_file(temporary.string());
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size();
  const int write_error = errno;
  if (std::fclose(out) != 0 || !written) {
    std::filesystem::remove(temporary);
    throw_bad_input(path.string(), std::string("cannot write: ") + std::strerror(written ? errno : write_error));
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) throw_bad_input(path.string(), "cannot write: " + ec.message());
}

RgbImage read_png(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw_bad_input(path.string(), "cannot read");
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  Context ctx(spng_ctx_new(0), spng_ctx_free);
  if (!ctx) throw_internal("PNG", "cannot create a decoder");
  check(spng_set_png_buffer(ctx.get(), bytes.data(), bytes.size()), "reading");
  spng_ihdr ihdr{};
  if (spng_get_ihdr(ctx.get(), &ihdr) != 0) throw_bad_input(path.string(), "not a PNG file");
  size_t size = 0;
  check(spng_decoded_image_size(ctx.get(), SPNG_FMT_RGB8, &size), "decoding");
  RgbImage image{static_cast<int>(ihdr.width), static_cast<int>(ihdr.height), std::vector<uint8_t>(size)};
  if (spng_decode_image(ctx.get(), image.rgb.data(), size, SPNG_FMT_RGB8, 0) != 0) {
    throw_bad_input(path.string(), "corrupt PNG file");
  }
  return image;
}

}  // namespace cerebro::render
