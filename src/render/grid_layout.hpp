#pragma once
// Where things go on a page: a grid of rows x cols cells, each with a title band, the map (aspect
// kept, or stretched to fill as the article's figure does) and a colour bar with its labels. Pure
// geometry in page pixels (origin top-left, y down); nothing here touches GL.
#include <cstdint>
#include <string>
#include <vector>

namespace cerebro::render {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct PageSpec {
  int width = 1000;  // the article's 10 x 10 in figure at 100 dpi
  int height = 1000;
  int rows = 3;  // the article's grid_size
  int cols = 3;
  bool stretch = false;
  std::string title;  // drawn above the grid when set (--per-layer pages: the layer's name)
  // cerebro's addition to the article's figure (which has none): each map's colour bar with its
  // range. Off, the map takes the bar's column and the page is the article's layout.
  bool colorbars = true;  // capture --no-colorbars; the viewer's Look panel
};

// Text sizes for a page, in pixels: the title about matplotlib's 12 pt at 100 dpi on the
// article's page, scaled with the cell size.
struct TextSizes {
  float title_px = 16;
  float label_px = 12;
};
TextSizes text_sizes(const PageSpec& page);

struct CellLayout {
  Rect cell;      // the whole grid slot
  Rect image;     // where the map is drawn: whole pixels
  Rect colorbar;  // the bar; its labels sit to its right (empty when the page has no colour bars)
  float title_x = 0;         // left end of the title, centred on the image by the caller
  float title_baseline = 0;  // baseline of the title text
  float title_max_width = 0;
  float label_x = 0;         // left end of the colour bar labels
  float status_baseline = 0; // the line under the image that counts NaN / Inf values
};

// The layout of grid slot `position` (row-major) for a map of image_rows x image_cols texels.
CellLayout layout_cell(const PageSpec& page, int position, int64_t image_rows, int64_t image_cols);

// Baseline of the page title (PageSpec::title), centred horizontally by the caller.
float page_title_baseline(const PageSpec& page);

// Number of pages for `cells` cells.
int page_count(int cells, const PageSpec& page);

}  // namespace cerebro::render
