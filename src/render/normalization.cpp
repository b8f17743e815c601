#include "render/normalization.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <tuple>

#include "core/error.hpp"

namespace cerebro::render {
namespace {

constexpr std::string_view kUsage =
    "expected map, layer, set, symmetric, percentile[:LO,HI] or fixed:LO,HI";

// "a,b" as two finite numbers.
std::pair<double, double> parse_pair(std::string_view text) {
  const size_t comma = text.find(',');
  if (comma == std::string_view::npos) throw_bad_input("--norm", std::string(kUsage));
  auto number = [](std::string_view part) {
    double value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || !std::isfinite(value)) {
      throw_bad_input("--norm", "'" + std::string(part) + "' is not a number (" + std::string(kUsage) + ")");
    }
    return value;
  };
  return {number(text.substr(0, comma)), number(text.substr(comma + 1))};
}

std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

NormSpec parse_norm(std::string_view text) {
  NormSpec spec;
  const size_t colon = text.find(':');
  const std::string_view mode = text.substr(0, colon);
  const std::string_view rest = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  if (mode == "map") spec.mode = NormMode::Map;
  else if (mode == "layer") spec.mode = NormMode::Layer;
  else if (mode == "set") spec.mode = NormMode::Set;
  else if (mode == "symmetric") spec.mode = NormMode::Symmetric;
  else if (mode == "percentile") spec.mode = NormMode::Percentile;
  else if (mode == "fixed") spec.mode = NormMode::Fixed;
  else throw_bad_input("--norm", "unknown mode '" + std::string(mode) + "' (" + std::string(kUsage) + ")");

  const bool takes_numbers = spec.mode == NormMode::Percentile || spec.mode == NormMode::Fixed;
  if (!takes_numbers && colon != std::string_view::npos) {
    throw_bad_input("--norm", "'" + std::string(mode) + "' takes no numbers (" + std::string(kUsage) + ")");
  }
  if (spec.mode == NormMode::Fixed) {
    if (rest.empty()) throw_bad_input("--norm", "fixed needs its range: fixed:LO,HI");
    std::tie(spec.lo, spec.hi) = parse_pair(rest);
    if (!(spec.lo < spec.hi)) throw_bad_input("--norm", "fixed:LO,HI needs LO < HI");
  }
  if (spec.mode == NormMode::Percentile && !rest.empty()) {
    std::tie(spec.p_lo, spec.p_hi) = parse_pair(rest);
    if (!(0 <= spec.p_lo && spec.p_lo < spec.p_hi && spec.p_hi <= 100)) {
      throw_bad_input("--norm", "percentile:LO,HI needs 0 <= LO < HI <= 100");
    }
  }
  return spec;
}

std::string norm_text(const NormSpec& spec) {
  switch (spec.mode) {
    case NormMode::Map: return "map";
    case NormMode::Layer: return "layer";
    case NormMode::Set: return "set";
    case NormMode::Symmetric: return "symmetric";
    case NormMode::Percentile: return "percentile:" + number_text(spec.p_lo) + "," + number_text(spec.p_hi);
    case NormMode::Fixed: return "fixed:" + number_text(spec.lo) + "," + number_text(spec.hi);
  }
  return "map";
}

Range cell_range(const NormSpec& spec, const ValueStats& cell, const ValueStats& group) {
  switch (spec.mode) {
    case NormMode::Fixed: return {static_cast<float>(spec.lo), static_cast<float>(spec.hi)};
    case NormMode::Layer:
    case NormMode::Set:
      if (group.finite == 0) return {};
      return {group.min, group.max};
    case NormMode::Symmetric: {
      if (cell.finite == 0) return {};
      const float m = std::max(std::fabs(cell.min), std::fabs(cell.max));
      return {-m, m};
    }
    case NormMode::Percentile:
      if (cell.finite == 0 || !cell.percentiles) return {};
      return {cell.percentiles->first, cell.percentiles->second};
    case NormMode::Map: break;
  }
  if (cell.finite == 0) return {};
  return {cell.min, cell.max};
}

ValueStats merge_stats(const ValueStats& a, const ValueStats& b) {
  ValueStats merged;
  merged.finite = a.finite + b.finite;
  merged.nan = a.nan + b.nan;
  merged.pos_inf = a.pos_inf + b.pos_inf;
  merged.neg_inf = a.neg_inf + b.neg_inf;
  if (a.finite > 0 && b.finite > 0) {
    merged.min = std::min(a.min, b.min);
    merged.max = std::max(a.max, b.max);
  } else if (a.finite > 0) {
    merged.min = a.min;
    merged.max = a.max;
  } else if (b.finite > 0) {
    merged.min = b.min;
    merged.max = b.max;
  }
  return merged;
}

}  // namespace cerebro::render
