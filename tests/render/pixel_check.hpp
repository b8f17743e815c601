#pragma once
// Predicts, pixel by pixel, what a map drawn by the page renderer must look like: the texel under
// each pixel centre, its value normalised in float32 as matplotlib's Normalize does, the colormap
// entry min(floor(t * 256), 255). Used by the render and capture tests.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <span>
#include <sstream>
#include <string>

#include "render/colormap.hpp"
#include "render/grid_layout.hpp"
#include "render/png_writer.hpp"

namespace cerebro::testing {

struct MapCheck {
  int checked = 0;     // pixels compared
  int ambiguous = 0;   // pixels on a texel edge, or values on a colormap entry edge, not compared
  int mismatched = 0;
  std::string first_mismatch;
};

// The colormap entries a value may take: two when t * 256 lies within float rounding of an
// entry boundary (the GPU may divide a few ulps differently), else one (lo == hi).
inline std::pair<int, int> expected_indices(float v, float lo, float hi) {
  if (!(hi > lo)) return {0, 0};
  const float t = std::clamp((v - lo) / (hi - lo), 0.0f, 1.0f);
  const double scaled = static_cast<double>(t) * 256.0;
  const double slack = 1e-5 * std::max(1.0, scaled);
  return {render::colormap_index((scaled - slack) / 256.0), render::colormap_index((scaled + slack) / 256.0)};
}

inline render::Rgb expected_non_finite(float v) {
  if (std::isnan(v)) return render::kNanColor;
  return v > 0 ? render::kPosInfColor : render::kNegInfColor;
}

inline bool close(const render::Rgb& a, const uint8_t* b) {
  for (int k = 0; k < 3; ++k) {
    if (std::abs(int{a[static_cast<size_t>(k)]} - int{b[k]}) > 1) return false;  // 1/255, the spec's bound
  }
  return true;
}

// `values` holds rows x cols texels, row-major (row 0 at the top); texels at or after `count` are
// padding drawn as background.
inline MapCheck check_map_pixels(const render::RgbImage& image, const render::Rect& rect, std::span<const float> values,
                                 int64_t rows, int64_t cols, int64_t count, float lo, float hi,
                                 std::span<const render::Rgb, render::kColormapSize> table) {
  MapCheck check;
  for (int y = static_cast<int>(rect.y); y < static_cast<int>(rect.y + rect.h); ++y) {
    for (int x = static_cast<int>(rect.x); x < static_cast<int>(rect.x + rect.w); ++x) {
      const float fx = (static_cast<float>(x) + 0.5f - rect.x) * static_cast<float>(cols) / rect.w;
      const float fy = (static_cast<float>(y) + 0.5f - rect.y) * static_cast<float>(rows) / rect.h;
      if (std::fabs(fx - std::round(fx)) < 1e-3f || std::fabs(fy - std::round(fy)) < 1e-3f) {
        ++check.ambiguous;
        continue;
      }
      const int64_t c = std::clamp<int64_t>(static_cast<int64_t>(fx), 0, cols - 1);
      const int64_t r = std::clamp<int64_t>(static_cast<int64_t>(fy), 0, rows - 1);
      const uint8_t* got = &image.rgb[(static_cast<size_t>(y) * static_cast<size_t>(image.width) +
                                       static_cast<size_t>(x)) * 3];
      bool ok = false;
      if (r * cols + c >= count) {
        ok = close(render::kBackgroundColor, got);
      } else if (const float v = values[static_cast<size_t>(r * cols + c)]; !std::isfinite(v)) {
        ok = close(expected_non_finite(v), got);
      } else {
        const auto [a, b] = expected_indices(v, lo, hi);
        if (a != b) ++check.ambiguous;
        ok = close(table[static_cast<size_t>(a)], got) || close(table[static_cast<size_t>(b)], got);
      }
      ++check.checked;
      if (!ok && check.mismatched++ == 0) {
        std::ostringstream what;
        what << "pixel (" << x << ", " << y << ") texel (" << r << ", " << c << ") got " << int{got[0]} << ","
             << int{got[1]} << "," << int{got[2]};
        check.first_mismatch = what.str();
      }
    }
  }
  return check;
}

}  // namespace cerebro::testing
