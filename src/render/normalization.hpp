#pragma once
// How a cell's values map to [0, 1] before the colormap. The shader does the mapping; this file
// only decides each cell's [lo, hi]. Ranges come from finite values only.
#include <string>
#include <string_view>

#include "core/render_target.hpp"

namespace cerebro::render {

enum class NormMode {
  Map,         // each map on its own: matplotlib's imshow autoscale (the article's default)
  Layer,       // one range per layer across its channels, for this pattern
  Set,         // one range per layer across the whole pattern set (stable while scrubbing)
  Fixed,       // the given [lo, hi]
  Symmetric,   // [-m, m] with m the map's largest |value|: 0 sits mid-colormap
  Percentile,  // the map's [p_lo, p_hi] percentiles (default 1-99): outliers clip to the ends
};

struct NormSpec {
  NormMode mode = NormMode::Map;
  double lo = 0.0;  // Fixed
  double hi = 1.0;
  double p_lo = 1.0;  // Percentile
  double p_hi = 99.0;
};

// "map", "layer", "set", "symmetric", "percentile[:P_LO,P_HI]", "fixed:LO,HI". BadInput on
// anything else, naming --norm.
NormSpec parse_norm(std::string_view text);
// The canonical text of a spec, parse_norm's inverse ("percentile:1,99").
std::string norm_text(const NormSpec& spec);

struct Range {
  float lo = 0.0f;
  float hi = 0.0f;
};

// The range a cell is drawn with. `group` is the merged statistics of the cell's layer (Layer)
// or of the layer over the pattern set (Set); unused by the other modes. With no finite value
// the range is [0, 0]. A range with lo == hi draws every value at the colormap's low end, as
// matplotlib's Normalize does for a constant image.
Range cell_range(const NormSpec& spec, const ValueStats& cell, const ValueStats& group);

// Statistics of the union of two value sets (percentiles are not kept).
ValueStats merge_stats(const ValueStats& a, const ValueStats& b);

}  // namespace cerebro::render
