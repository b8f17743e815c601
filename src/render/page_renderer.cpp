#include "render/page_renderer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "render/colormap.hpp"
#include "render/gl.hpp"

namespace cerebro::render {
namespace {

Texture make_atlas(const Font& font) {
  Texture atlas(TextureFormat::R8, font.atlas_width(), font.atlas_height());
  atlas.upload(font.atlas().data());
  return atlas;
}

// Colour bar labels: the cell's exact range ends, short enough for the label column.
std::string label_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

void set_page_uniforms(ShaderProgram& program, const PageSpec& page, bool top_down) {
  program.use();
  program.set("u_page", static_cast<float>(page.width), static_cast<float>(page.height));
  program.set("u_top_down", top_down ? 1 : 0);
}

}  // namespace

PageRenderer::PageRenderer(const PageSpec& page, std::string_view colormap)
    : page_(page),
      framebuffer_(page.width, page.height),
      lut_(TextureFormat::RGBA8, kColormapSize, 1),
      colormap_program_("page.vert", "colormap.frag"),
      colorbar_program_("page.vert", "colorbar.frag"),
      text_program_("page.vert", "text.frag"),
      solid_program_("page.vert", "solid.frag"),
      title_font_(find_font_file(), text_sizes(page).title_px),
      label_font_(find_font_file(), text_sizes(page).label_px),
      title_atlas_(make_atlas(title_font_)),
      label_atlas_(make_atlas(label_font_)) {
  set_colormap(colormap);
}

void PageRenderer::set_colormap(std::string_view name) {
  const auto table = colormap_table(name);
  std::array<uint8_t, kColormapSize * 4> rgba{};
  for (size_t i = 0; i < table.size(); ++i) {
    rgba[4 * i] = table[i][0];
    rgba[4 * i + 1] = table[i][1];
    rgba[4 * i + 2] = table[i][2];
    rgba[4 * i + 3] = 255;
  }
  lut_.upload(rgba.data());
  colormap_name_ = name;
}

void PageRenderer::render(std::span<const DrawCell> cells, std::vector<uint8_t>& rgba) {
  draw(cells);
  framebuffer_.read_rgba(rgba);
}

void PageRenderer::draw(std::span<const DrawCell> cells) {
  framebuffer_.bind();
  top_down_ = true;
  draw_page(cells);
}

void PageRenderer::draw_to_window(std::span<const DrawCell> cells) {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  glViewport(0, 0, page_.width, page_.height);
  top_down_ = false;
  draw_page(cells);
}

void PageRenderer::draw_page(std::span<const DrawCell> cells) {
  glDisable(GL_BLEND);
  glClearColor(kBackgroundColor[0] / 255.0f, kBackgroundColor[1] / 255.0f, kBackgroundColor[2] / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  draw_maps(cells);
  if (page_.colorbars) {
    draw_colorbars(cells);
    draw_frames(cells);
  }
  draw_text(cells);
  check_gl("drawing a page");
}

void PageRenderer::draw_maps(std::span<const DrawCell> cells) {
  ShaderProgram& p = colormap_program_;
  set_page_uniforms(p, page_, top_down_);
  p.set("u_values", 0);
  p.set("u_lut", 1);
  p.set("u_page_height", static_cast<float>(page_.height));
  p.set("u_nan_color", kNanColor);
  p.set("u_pos_inf_color", kPosInfColor);
  p.set("u_neg_inf_color", kNegInfColor);
  p.set("u_background", kBackgroundColor);
  lut_.bind(1);
  for (const DrawCell& cell : cells) {
    const Texture& values = *cell.values;
    const CellLayout layout = layout_cell(page_, cell.position, values.height(), values.width());
    values.bind(0);
    p.set("u_rect", layout.image.x, layout.image.y, layout.image.w, layout.image.h);
    p.set("u_size", values.width(), values.height());
    p.set("u_count", static_cast<int>(cell.count));
    p.set("u_lo", cell.range.lo);
    p.set("u_hi", cell.range.hi);
    quads_.add(layout.image);
    quads_.draw();
  }
}

void PageRenderer::draw_colorbars(std::span<const DrawCell> cells) {
  set_page_uniforms(colorbar_program_, page_, top_down_);
  colorbar_program_.set("u_lut", 1);
  lut_.bind(1);
  for (const DrawCell& cell : cells) {
    quads_.add(layout_cell(page_, cell.position, cell.values->height(), cell.values->width()).colorbar);
  }
  quads_.draw();
}

// A one-pixel outline around each colour bar and a tick beside each label, as matplotlib draws.
void PageRenderer::draw_frames(std::span<const DrawCell> cells) {
  for (const DrawCell& cell : cells) {
    const Rect bar = layout_cell(page_, cell.position, cell.values->height(), cell.values->width()).colorbar;
    quads_.add({bar.x - 1, bar.y - 1, bar.w + 2, 1});
    quads_.add({bar.x - 1, bar.y + bar.h, bar.w + 2, 1});
    quads_.add({bar.x - 1, bar.y, 1, bar.h});
    quads_.add({bar.x + bar.w, bar.y, 1, bar.h});
    const float tick = std::max(2.0f, std::round(label_font_.pixel_height() * 0.25f));
    for (const float y : {bar.y, bar.y + std::floor(bar.h / 2), bar.y + bar.h - 1}) {
      quads_.add({bar.x + bar.w, y, tick, 1});
    }
  }
  set_page_uniforms(solid_program_, page_, top_down_);
  solid_program_.set("u_color", kTextColor);
  quads_.draw();
}

void PageRenderer::draw_text(std::span<const DrawCell> cells) {
  swatches_.clear();
  if (!page_.title.empty()) {
    const std::string title = title_font_.fit(page_.title, static_cast<float>(page_.width) - 8);
    const float x = std::round((static_cast<float>(page_.width) - title_font_.measure(title)) / 2);
    title_font_.layout(title, x, page_title_baseline(page_), title_glyphs_);
  }
  for (const DrawCell& cell : cells) {
    const CellLayout layout = layout_cell(page_, cell.position, cell.values->height(), cell.values->width());
    const std::string title = title_font_.fit(cell.title, layout.title_max_width);
    // Centred over the map as matplotlib centres an axes title, kept inside the cell.
    const float centred = layout.image.x + (layout.image.w - title_font_.measure(title)) / 2;
    const float x = std::clamp(std::round(centred), layout.title_x,
                               layout.title_x + layout.title_max_width - title_font_.measure(title));
    title_font_.layout(title, x, layout.title_baseline, title_glyphs_);
    if (page_.colorbars) add_labels(cell, layout);
    add_status(cell, layout);
  }
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  flush_text(title_atlas_, title_glyphs_, kTextColor);
  flush_text(label_atlas_, label_glyphs_, kTextColor);
  glDisable(GL_BLEND);
  // The swatches were collected with the status lines: draw them now, unblended.
  set_page_uniforms(solid_program_, page_, top_down_);
  for (const auto& [rect, color] : swatches_) {
    solid_program_.set("u_color", color);
    quads_.add(rect);
    quads_.draw();
  }
}

void PageRenderer::add_labels(const DrawCell& cell, const CellLayout& layout) {
  const Rect& bar = layout.colorbar;
  const float half_cap = std::round(label_font_.pixel_height() * 0.35f);
  const double lo = cell.range.lo;
  const double hi = cell.range.hi;
  label_font_.layout(label_text(hi), layout.label_x, bar.y + half_cap, label_glyphs_);
  if (hi > lo) {
    label_font_.layout(label_text(lo), layout.label_x, bar.y + bar.h - 1 + half_cap, label_glyphs_);
    if (bar.h > label_font_.pixel_height() * 4) {
      label_font_.layout(label_text((lo + hi) / 2), layout.label_x, bar.y + std::floor(bar.h / 2) + half_cap,
                         label_glyphs_);
    }
  }
}

// "NaN 12  +Inf 3  -Inf 1" under the map, each after a swatch of the colour it is drawn in.
void PageRenderer::add_status(const DrawCell& cell, const CellLayout& layout) {
  const std::array<std::pair<int64_t, std::pair<const char*, Rgb>>, 3> counts{{
      {cell.stats.nan, {"NaN", kNanColor}},
      {cell.stats.pos_inf, {"+Inf", kPosInfColor}},
      {cell.stats.neg_inf, {"-Inf", kNegInfColor}},
  }};
  float x = layout.image.x;
  const float size = std::round(label_font_.pixel_height() * 0.7f);
  for (const auto& [count, what] : counts) {
    if (count == 0) continue;
    swatches_.push_back({{x, layout.status_baseline - size, size, size}, what.second});
    x += size + 3;
    const std::string text = std::string(what.first) + " " + std::to_string(count) + "  ";
    label_font_.layout(text, x, layout.status_baseline, label_glyphs_);
    x += label_font_.measure(text);
  }
}

void PageRenderer::flush_text(const Texture& atlas, std::vector<GlyphQuad>& glyphs, const Rgb& color) {
  set_page_uniforms(text_program_, page_, top_down_);
  text_program_.set("u_atlas", 0);
  text_program_.set("u_color", color);
  atlas.bind(0);
  for (const GlyphQuad& g : glyphs) quads_.add(g.rect, g.u0, g.v0, g.u1, g.v1);
  glyphs.clear();
  quads_.draw();
}

}  // namespace cerebro::render
