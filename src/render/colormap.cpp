#include "render/colormap.hpp"

#include <cmath>

#include "core/error.hpp"

namespace cerebro::render {
namespace {

// Each .inc holds 256 lines "R, G, B," written by tools/make_colormaps.py from matplotlib.
constexpr uint8_t kViridis[] = {
#include "viridis.inc"
};
constexpr uint8_t kMagma[] = {
#include "magma.inc"
};
constexpr uint8_t kInferno[] = {
#include "inferno.inc"
};
constexpr uint8_t kPlasma[] = {
#include "plasma.inc"
};
constexpr uint8_t kCividis[] = {
#include "cividis.inc"
};
constexpr uint8_t kGray[] = {
#include "gray.inc"
};
constexpr uint8_t kCoolwarm[] = {
#include "coolwarm.inc"
};

struct Entry {
  std::string_view name;
  const uint8_t* bytes;
  size_t size;
};

template <size_t N>
constexpr Entry entry(std::string_view name, const uint8_t (&bytes)[N]) {
  static_assert(N == kColormapSize * 3, "a colormap table must have 256 RGB entries");
  return {name, bytes, N};
}

constexpr Entry kEntries[] = {entry("viridis", kViridis), entry("magma", kMagma),     entry("inferno", kInferno),
                              entry("plasma", kPlasma),   entry("cividis", kCividis), entry("gray", kGray),
                              entry("coolwarm", kCoolwarm)};

}  // namespace

const std::vector<std::string>& colormap_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const Entry& e : kEntries) all.emplace_back(e.name);
    return all;
  }();
  return names;
}

std::span<const Rgb, kColormapSize> colormap_table(std::string_view name) {
  for (const Entry& e : kEntries) {
    if (e.name == name) {
      // Rgb is three bytes with no padding, so the flat table reads as 256 of them.
      static_assert(sizeof(Rgb) == 3);
      return std::span<const Rgb, kColormapSize>(reinterpret_cast<const Rgb*>(e.bytes), kColormapSize);
    }
  }
  std::string known;
  for (const std::string& n : colormap_names()) known += (known.empty() ? "" : ", ") + n;
  throw_bad_input("--cmap", "unknown colormap '" + std::string(name) + "' (known: " + known + ")");
}

int colormap_index(double t) {
  if (!(t > 0.0)) return 0;
  if (t >= 1.0) return kColormapSize - 1;
  return std::min(static_cast<int>(std::floor(t * kColormapSize)), kColormapSize - 1);
}

}  // namespace cerebro::render
