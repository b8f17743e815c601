#pragma once
// Text with a real font: a TrueType file (Debian's fonts-dejavu-core, found at run time) rasterised
// by stb_truetype into a coverage atlas, and laid out as glyph quads in page pixels. No GL here.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "render/grid_layout.hpp"

namespace cerebro::render {

// $CEREBRO_FONT when set, else DejaVu Sans where fonts-dejavu-core puts it. A BadInput error that
// says how to get one when the file is missing.
std::filesystem::path find_font_file();

struct GlyphQuad {
  Rect rect;  // page pixels
  float u0, v0, u1, v1;
};

class Font {
 public:
  // Rasterises printable ASCII at `pixel_height` (other characters draw as '?').
  Font(const std::filesystem::path& file, float pixel_height);
  ~Font();
  Font(Font&&) noexcept;
  Font& operator=(Font&&) noexcept;

  float pixel_height() const { return pixel_height_; }
  // Advance width of `text` in pixels.
  float measure(std::string_view text) const;
  // Quads for `text` with its left end at x and its baseline at y.
  void layout(std::string_view text, float x, float baseline, std::vector<GlyphQuad>& out) const;
  // `text`, shortened with "..." to fit `max_width` pixels.
  std::string fit(std::string_view text, float max_width) const;

  int atlas_width() const { return atlas_width_; }
  int atlas_height() const { return atlas_height_; }
  const std::vector<unsigned char>& atlas() const { return atlas_; }

 private:
  struct Packed;
  float pixel_height_ = 0;
  int atlas_width_ = 0;
  int atlas_height_ = 0;
  std::vector<unsigned char> atlas_;
  std::unique_ptr<Packed> packed_;
};

}  // namespace cerebro::render
