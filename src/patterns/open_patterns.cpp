#include <charconv>
#include <filesystem>

#include "core/error.hpp"
#include "io/npz.hpp"
#include "patterns/array_source.hpp"
#include "patterns/image_source.hpp"
#include "patterns/pattern_source.hpp"
#include "patterns/random_source.hpp"

namespace cerebro::patterns {
namespace fs = std::filesystem;
namespace {

constexpr const char* kKnownKinds =
    "random[:N[:SEED]], .npy, .npz[:NAME], IDX (plain or .gz), PNG, JPEG or a folder of images";

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

// Random patterns are already in the input's shape; --scale, --invert, --mean and --std still apply.
class ValuesOnly final : public PatternSource {
 public:
  ValuesOnly(std::unique_ptr<PatternSource> inner, Converter converter)
      : inner_(std::move(inner)), converter_(std::move(converter)) {}
  int64_t count() const override { return inner_->count(); }
  const Shape& shape() const override { return inner_->shape(); }
  void read(int64_t first, int64_t n, float* destination) override {
    inner_->read(first, n, destination);
    const int64_t size = element_count(shape());
    for (int64_t p = 0; p < n; ++p) converter_.apply(destination + p * size, destination + p * size);
  }
  std::string describe() const override { return inner_->describe(); }

 private:
  std::unique_ptr<PatternSource> inner_;
  Converter converter_;
};

// --first / --count: a window of another source, indexed from 0.
class Slice final : public PatternSource {
 public:
  Slice(std::unique_ptr<PatternSource> inner, int64_t first, int64_t count)
      : inner_(std::move(inner)), first_(first), count_(count) {}
  int64_t count() const override { return count_; }
  const Shape& shape() const override { return inner_->shape(); }
  void read(int64_t first, int64_t n, float* destination) override {
    if (first < 0 || n < 0 || first > count_ || n > count_ - first)
      throw_internal(describe(), "pattern index out of range");
    inner_->read(first_ + first, n, destination);
  }
  std::string describe() const override {
    return inner_->describe() + " [" + std::to_string(first_) + ", " + std::to_string(first_ + count_) + ")";
  }

 private:
  std::unique_ptr<PatternSource> inner_;
  int64_t first_, count_;
};

// The only array of an .npz, or the one named after the last ':' of the spec.
std::unique_ptr<PatternSource> open_npz(const fs::path& path, std::string name, const Shape& input_shape,
                                        const PatternOptions& options) {
  if (name.empty()) {
    const std::vector<std::string> names = io::npz_names(path);
    if (names.size() != 1) {
      std::string known;
      for (size_t i = 0; i < names.size() && i < 20; ++i) known += (i ? ", " : "") + names[i];
      throw_bad_input(path.string(), names.empty() ? "holds no arrays"
                                                   : "holds " + std::to_string(names.size()) + " arrays (" + known +
                                                         "): name one as " + path.string() + ":NAME");
    }
    name = names.front();
  }
  return std::make_unique<ArraySource>(open_npy_array(open_zip_entry_stream(path, name)), input_shape, options);
}

// Files are told apart by their first bytes; gzip is looked into.
std::unique_ptr<PatternSource> open_file(const fs::path& path, const Shape& input_shape,
                                         const PatternOptions& options) {
  if (std::optional<ImageFormat> format = sniff_image_format(path)) {
    return std::make_unique<ImageFilesSource>(std::vector<ImageFile>{{path, *format}}, path.string(), input_shape,
                                              options);
  }
  std::unique_ptr<ByteStream> stream = open_file_stream(path);
  unsigned char magic[6] = {};
  const int64_t available = std::min<int64_t>(stream->size().value_or(6), 6);
  if (available > 0) stream->read_at(0, reinterpret_cast<char*>(magic), available);
  if (std::string_view(reinterpret_cast<const char*>(magic), 6) == "\x93NUMPY") {
    return std::make_unique<ArraySource>(open_npy_array(std::move(stream)), input_shape, options);
  }
  if (std::string_view(reinterpret_cast<const char*>(magic), 4) == "PK\x03\x04") {
    return open_npz(path, "", input_shape, options);
  }
  const std::string name = path.filename().string();
  const bool named_idx = name.find("idx") != std::string::npos || name.find("ubyte") != std::string::npos;
  if (looks_like_idx(magic) || named_idx) {
    return std::make_unique<ArraySource>(open_idx_array(std::move(stream)), input_shape, options);
  }
  if (path.extension() == ".npy") {  // a broken .npy: its parser says what is wrong
    return std::make_unique<ArraySource>(open_npy_array(std::move(stream)), input_shape, options);
  }
  throw_unsupported(path.string(), std::string("unknown pattern file type (supported: ") + kKnownKinds + ")");
}

std::unique_ptr<PatternSource> open_unsliced(const std::string& spec, const Shape& input_shape,
                                             const PatternOptions& options) {
  if (spec == "random" || spec.rfind("random:", 0) == 0) {
    auto source = open_random(spec, input_shape);
    return std::make_unique<ValuesOnly>(std::move(source), *Converter::fit(input_shape, 1.0f, input_shape, options));
  }
  std::error_code ec;
  const fs::path path(spec);
  if (fs::is_directory(path, ec)) {
    return std::make_unique<ImageFilesSource>(list_image_folder(path), spec, input_shape, options);
  }
  if (fs::exists(path, ec)) return open_file(path, input_shape, options);
  // FILE.npz:NAME names one array of an archive.
  if (const size_t colon = spec.rfind(':'); colon != std::string::npos && colon > 0) {
    const fs::path archive = spec.substr(0, colon);
    if (fs::is_regular_file(archive, ec)) return open_npz(archive, spec.substr(colon + 1), input_shape, options);
  }
  throw_bad_input(spec, std::string("no such file or folder (patterns are ") + kKnownKinds + ")");
}

}  // namespace

std::unique_ptr<PatternSource> open_patterns(const std::string& spec, const Shape& input_shape,
                                             const PatternOptions& options) {
  validate_options(options, input_shape);
  std::unique_ptr<PatternSource> source = open_unsliced(spec, input_shape, options);
  if (options.first == 0 && !options.count) return source;
  const int64_t available = source->count();
  if (options.first >= available) {
    throw_bad_input("--first", std::to_string(options.first) + " is past the last pattern of " + source->describe() +
                                   " (it has " + std::to_string(available) + ")");
  }
  const int64_t count = std::min(options.count.value_or(available), available - options.first);
  return std::make_unique<Slice>(std::move(source), options.first, count);
}

}  // namespace cerebro::patterns
