#pragma once
// Draws one grid page: for each cell its map (values -> colours in the fragment shader), its
// title, its colour bar with the cell's own range, and a count of non-finite values; then reads the
// page back. Needs a current GL 3.3 context (EglContext, or the live window's).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "render/font.hpp"
#include "render/framebuffer.hpp"
#include "render/grid_layout.hpp"
#include "render/normalization.hpp"
#include "render/quad_batch.hpp"
#include "render/shader_program.hpp"
#include "render/texture.hpp"

namespace cerebro::render {

struct DrawCell {
  int position = 0;                // grid slot, row-major
  std::string title;
  const Texture* values = nullptr; // R32F, cols x rows
  int64_t count = 0;               // texels holding values (a wrapped strip pads the rest)
  Range range;
  ValueStats stats;
};

class PageRenderer {
 public:
  PageRenderer(const PageSpec& page, std::string_view colormap);

  const PageSpec& page() const { return page_; }
  const std::string& colormap() const { return colormap_name_; }
  // Changing the colormap re-uploads a 256-entry table; nothing is recomputed.
  void set_colormap(std::string_view name);
  // A new title for the next pages (--per-layer pages carry the layer's name).
  void set_page_title(std::string title) { page_.title = std::move(title); }

  // draw(), then reads the page back as RGBA rows (alpha 255), top row first.
  void render(std::span<const DrawCell> cells, std::vector<uint8_t>& rgba);
  // Draws `cells` into framebuffer() without reading back. Page row 0 lands in framebuffer row 0:
  // a readback gives rows in image order (a viewer screenshot reads it: the same pixels as capture).
  void draw(std::span<const DrawCell> cells);
  // The same quads and shaders straight into the default framebuffer (the live window, page row 0
  // at its top; its size must be the page's): on llvmpipe this costs less than drawing offscreen
  // and blitting a window-sized page every frame (bench/RESULTS.md).
  void draw_to_window(std::span<const DrawCell> cells);
  const Framebuffer& framebuffer() const { return framebuffer_; }

 private:
  void draw_page(std::span<const DrawCell> cells);
  void draw_maps(std::span<const DrawCell> cells);
  void draw_colorbars(std::span<const DrawCell> cells);
  void draw_frames(std::span<const DrawCell> cells);
  void draw_text(std::span<const DrawCell> cells);
  void add_labels(const DrawCell& cell, const CellLayout& layout);
  void add_status(const DrawCell& cell, const CellLayout& layout);
  void flush_text(const Texture& atlas, std::vector<GlyphQuad>& glyphs, const Rgb& color);

  PageSpec page_;
  std::string colormap_name_;
  Framebuffer framebuffer_;
  Texture lut_;
  ShaderProgram colormap_program_;
  ShaderProgram colorbar_program_;
  ShaderProgram text_program_;
  ShaderProgram solid_program_;
  Font title_font_;
  Font label_font_;
  Texture title_atlas_;
  Texture label_atlas_;
  QuadBatch quads_;
  std::vector<GlyphQuad> title_glyphs_;
  std::vector<GlyphQuad> label_glyphs_;
  std::vector<std::pair<Rect, Rgb>> swatches_;  // NaN / Inf legend marks
  bool top_down_ = true;                        // false while drawing into a window
};

}  // namespace cerebro::render
