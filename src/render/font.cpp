#include "render/font.hpp"

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "core/error.hpp"

// stb_truetype (Debian's libstb-dev), private to this file.
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb_truetype.h>

namespace cerebro::render {
namespace {

constexpr int kFirstChar = 32;  // printable ASCII
constexpr int kCharCount = 95;
// 2 x 2 oversampling places glyphs at sub-pixel positions (sampled with GL_LINEAR).
constexpr unsigned kOversample = 2;

std::vector<unsigned char> read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw_bad_input(file.string(), "cannot read the font file");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int glyph_slot(char c) {
  const int code = static_cast<unsigned char>(c);
  return code >= kFirstChar && code < kFirstChar + kCharCount ? code - kFirstChar : '?' - kFirstChar;
}

}  // namespace

struct Font::Packed {
  stbtt_packedchar chars[kCharCount];
};

std::filesystem::path find_font_file() {
  if (const char* chosen = std::getenv("CEREBRO_FONT"); chosen != nullptr && *chosen != '\0') {
    if (!std::filesystem::is_regular_file(chosen)) throw_bad_input(chosen, "no such font file (from $CEREBRO_FONT)");
    return chosen;
  }
  const std::filesystem::path fallback = CEREBRO_DEFAULT_FONT;
  if (!std::filesystem::is_regular_file(fallback)) {
    throw_bad_input(fallback.string(),
                    "no font to draw titles with: apt-get install fonts-dejavu-core, or set CEREBRO_FONT=/path/to/font.ttf");
  }
  return fallback;
}

Font::Font(const std::filesystem::path& file, float pixel_height)
    : pixel_height_(pixel_height), packed_(std::make_unique<Packed>()) {
  const std::vector<unsigned char> ttf = read_file(file);
  if (stbtt_GetNumberOfFonts(ttf.data()) < 1) throw_bad_input(file.string(), "not a TrueType font");
  // Grow the atlas until every glyph fits.
  for (int side = 256; side <= 4096; side *= 2) {
    atlas_width_ = side;
    atlas_height_ = side;
    atlas_.assign(static_cast<size_t>(side) * static_cast<size_t>(side), 0);
    stbtt_pack_context context;
    if (!stbtt_PackBegin(&context, atlas_.data(), side, side, 0, 1, nullptr)) break;
    stbtt_PackSetOversampling(&context, kOversample, kOversample);
    const int packed = stbtt_PackFontRange(&context, ttf.data(), 0, pixel_height, kFirstChar, kCharCount,
                                           packed_->chars);
    stbtt_PackEnd(&context);
    if (packed) return;
  }
  throw_bad_input(file.string(), "cannot rasterise this font at " + std::to_string(pixel_height) + " px");
}

Font::~Font() = default;
Font::Font(Font&&) noexcept = default;
Font& Font::operator=(Font&&) noexcept = default;

float Font::measure(std::string_view text) const {
  float width = 0;
  for (const char c : text) width += packed_->chars[glyph_slot(c)].xadvance;
  return width;
}

void Font::layout(std::string_view text, float x, float baseline, std::vector<GlyphQuad>& out) const {
  float pen_x = x;
  float pen_y = baseline;
  for (const char c : text) {
    stbtt_aligned_quad q;
    stbtt_GetPackedQuad(packed_->chars, atlas_width_, atlas_height_, glyph_slot(c), &pen_x, &pen_y, &q, 0);
    if (q.x1 > q.x0 && q.y1 > q.y0) out.push_back({{q.x0, q.y0, q.x1 - q.x0, q.y1 - q.y0}, q.s0, q.t0, q.s1, q.t1});
  }
}

std::string Font::fit(std::string_view text, float max_width) const {
  if (measure(text) <= max_width) return std::string(text);
  std::string shortened(text);
  while (!shortened.empty() && measure(shortened + "...") > max_width) shortened.pop_back();
  return shortened + "...";
}

}  // namespace cerebro::render
