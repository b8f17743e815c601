#pragma once
// Colormaps as matplotlib draws them: 256-entry tables (assets/colormaps/, embedded at build time)
// indexed by min(floor(t * 256), 255) for a value normalised to t in [0, 1], without blending
// between entries. Values outside [0, 1] take the end entries (matplotlib's default under/over).
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cerebro::render {

using Rgb = std::array<uint8_t, 3>;
constexpr int kColormapSize = 256;

// The names cerebro knows, the default ("viridis", as the article) first.
const std::vector<std::string>& colormap_names();

// The table of `name`; a BadInput error listing the known names when there is no such map.
std::span<const Rgb, kColormapSize> colormap_table(std::string_view name);

// matplotlib's index for a normalised value (t < 0 gives 0, t >= 1 gives 255). NaN is not a
// colormap value: callers draw it in kNanColor.
int colormap_index(double t);

// Colours that are in none of the maps, so a non-finite value can never pass for a real one.
// matplotlib leaves them transparent (the figure's white shows); cerebro marks them.
constexpr Rgb kNanColor{255, 0, 255};     // magenta
constexpr Rgb kPosInfColor{0, 255, 0};    // pure green
constexpr Rgb kNegInfColor{0, 255, 255};  // cyan
constexpr Rgb kBackgroundColor{255, 255, 255};
constexpr Rgb kTextColor{0, 0, 0};

}  // namespace cerebro::render
