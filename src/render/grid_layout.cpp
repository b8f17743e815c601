#include "render/grid_layout.hpp"

#include <algorithm>
#include <cmath>

namespace cerebro::render {
namespace {

float page_title_band(const PageSpec& page) {
  return page.title.empty() ? 0.0f : std::round(static_cast<float>(page.height) * 0.04f + 8.0f);
}

Rect slot(const PageSpec& page, int position) {
  const float band = page_title_band(page);
  const float w = static_cast<float>(page.width) / static_cast<float>(page.cols);
  const float h = (static_cast<float>(page.height) - band) / static_cast<float>(page.rows);
  const int row = position / page.cols;
  const int col = position % page.cols;
  return {std::floor(static_cast<float>(col) * w), std::floor(band + static_cast<float>(row) * h), std::floor(w),
          std::floor(h)};
}

// Strips a few texels tall would vanish at their true aspect: give them at least this many pixels.
constexpr float kMinImageHeight = 12.0f;

}  // namespace

TextSizes text_sizes(const PageSpec& page) {
  const float cell = std::min(static_cast<float>(page.width) / static_cast<float>(page.cols),
                              static_cast<float>(page.height) / static_cast<float>(page.rows));
  const float title = std::clamp(std::round(cell * 0.05f), 9.0f, 28.0f);
  return {title, std::max(8.0f, std::round(title * 0.75f))};
}

float page_title_baseline(const PageSpec& page) {
  return std::round(page_title_band(page) * 0.7f);
}

int page_count(int cells, const PageSpec& page) {
  const int per_page = page.rows * page.cols;
  return (cells + per_page - 1) / per_page;
}

CellLayout layout_cell(const PageSpec& page, int position, int64_t image_rows, int64_t image_cols) {
  const TextSizes sizes = text_sizes(page);
  CellLayout out;
  out.cell = slot(page, position);
  const Rect& c = out.cell;
  const float margin = std::round(std::max(3.0f, c.w * 0.03f));
  const float title_band = std::round(sizes.title_px * 1.6f);
  const float status_band = std::round(sizes.label_px * 1.5f);
  const float bar_gap = std::round(sizes.label_px * 0.5f);
  const float bar_width = std::round(std::max(6.0f, sizes.label_px * 0.9f));
  // Room for "-1.23e+04" (9 characters of DejaVu Sans, about 0.64 em each).
  const float label_width = std::round(sizes.label_px * 5.8f);

  // The area the image may use.
  const float ax = c.x + margin;
  const float ay = c.y + title_band;
  const float bar_column = page.colorbars ? bar_gap + bar_width + bar_gap + label_width : 0.0f;
  const float aw = std::max(1.0f, c.w - 2 * margin - bar_column);
  const float ah = std::max(1.0f, c.h - title_band - status_band);

  float w = aw;
  float h = ah;
  if (!page.stretch) {
    const float aspect = static_cast<float>(image_cols) / static_cast<float>(image_rows);
    if (aw / ah > aspect) {
      w = ah * aspect;
    } else {
      h = std::min(ah, std::max(aw / aspect, kMinImageHeight));
    }
  }
  w = std::max(1.0f, std::floor(w));
  h = std::max(1.0f, std::floor(h));
  out.image = {std::floor(ax + (aw - w) / 2), std::floor(ay + (ah - h) / 2), w, h};
  if (page.colorbars) {
    out.colorbar = {out.image.x + out.image.w + bar_gap, out.image.y, bar_width, out.image.h};
    out.label_x = out.colorbar.x + bar_width + std::round(sizes.label_px * 0.3f);
  }
  // Just above the map, as matplotlib puts an axes title over a shrunk (aspect-kept) axes.
  out.title_baseline = out.image.y - std::round(sizes.title_px * 0.45f);
  out.title_x = c.x + margin;
  out.title_max_width = c.w - 2 * margin;
  out.status_baseline = out.image.y + out.image.h + std::round(sizes.label_px * 1.2f);
  return out;
}

}  // namespace cerebro::render
