#include <charconv>
#include <filesystem>

#include "core/error.hpp"
#include "patterns/npy_source.hpp"
#include "patterns/pattern_source.hpp"
#include "patterns/random_source.hpp"

namespace cerebro::patterns {
namespace {

uint64_t parse_number(std::string_view text, const std::string& spec) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    throw_bad_input(spec, "expected random[:N[:SEED]] with whole numbers");
  }
  return value;
}

std::unique_ptr<PatternSource> open_random(const std::string& spec, const Shape& input_shape) {
  std::string_view rest = std::string_view(spec).substr(6);  // after "random"
  uint64_t count = 1;
  uint64_t seed = 0;
  if (!rest.empty()) {
    if (rest[0] != ':') throw_bad_input(spec, "expected random[:N[:SEED]]");
    rest.remove_prefix(1);
    const size_t colon = rest.find(':');
    count = parse_number(rest.substr(0, colon), spec);
    if (colon != std::string_view::npos) seed = parse_number(rest.substr(colon + 1), spec);
  }
  if (count == 0 || count > (uint64_t{1} << 40)) throw_bad_input(spec, "the number of patterns must be positive");
  return std::make_unique<RandomSource>(input_shape, static_cast<int64_t>(count), seed);
}

}  // namespace

std::unique_ptr<PatternSource> open_patterns(const std::string& spec, const Shape& input_shape) {
  if (spec == "random" || spec.rfind("random:", 0) == 0) return open_random(spec, input_shape);
  std::error_code ec;
  if (!std::filesystem::exists(spec, ec)) throw_bad_input(spec, "no such file (patterns are random[:N[:SEED]] or a .npy file)");
  const std::string extension = std::filesystem::path(spec).extension().string();
  if (extension == ".npy") return std::make_unique<NpySource>(spec, input_shape);
  throw_unsupported(spec, "unknown pattern file type '" + extension + "' (supported: .npy)");
}

}  // namespace cerebro::patterns
