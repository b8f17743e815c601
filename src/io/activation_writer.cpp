#include "io/activation_writer.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/output_file.hpp"
#include "io/npy.hpp"

namespace cerebro::io {

class ActivationWriter::Sink {
 public:
  virtual ~Sink() = default;
  virtual void append(const float* values, int64_t count) = 0;
  virtual void finish() = 0;
  virtual int64_t non_finite_count() const { return 0; }
};

namespace {

constexpr size_t kMaxStemBytes = 200;  // leaves room for an extension under NAME_MAX (255)

class NpySink final : public ActivationWriter::Sink {
 public:
  NpySink(const std::filesystem::path& path, Shape full_shape) : writer_(path.string(), std::move(full_shape)) {}
  void append(const float* values, int64_t count) override { writer_.append(values, count); }
  void finish() override { writer_.finish(); }

 private:
  NpyWriter writer_;
};

// Writes nested lists element by element: element i opens one '[' for every axis whose block
// starts at i and closes one ']' for every axis whose block ends at i, so nothing but one
// staging buffer is ever held.
class JsonSink final : public ActivationWriter::Sink {
 public:
  JsonSink(const std::filesystem::path& path, const Shape& full_shape) : path_(path.string()) {
    int64_t block = 1;
    for (auto it = full_shape.rbegin(); it != full_shape.rend(); ++it) {
      block *= *it;
      blocks_.insert(blocks_.begin(), block);
    }
    pattern_block_ = blocks_.size() > 1 ? blocks_[1] : 1;
    file_ = open_output_file(path_);
    struct stat info {};
    remove_on_failure_ = ::fstat(::fileno(file_), &info) == 0 && S_ISREG(info.st_mode);
  }

  ~JsonSink() override { discard(); }

  void append(const float* values, int64_t count) override {
    for (int64_t k = 0; k < count; ++k) {
      write_element(values[k]);
      if (staging_.size() >= kFlushBytes) flush_staging();
    }
    flush_staging();
  }

  void finish() override {
    staging_ += '\n';
    flush_staging();
    if (std::fflush(file_) != 0) fail();
    const int closed = std::fclose(std::exchange(file_, nullptr));
    if (closed != 0) fail();
    remove_on_failure_ = false;
  }

  int64_t non_finite_count() const override { return non_finite_; }

 private:
  static constexpr size_t kFlushBytes = size_t{1} << 16;

  void write_element(float v) {
    const int64_t i = index_++;
    if (i > 0) staging_ += i % pattern_block_ == 0 ? ",\n" : ",";
    for (int64_t block : blocks_) {
      if (i % block == 0) staging_ += '[';
    }
    if (v == 0.0f && std::signbit(v)) {
      staging_ += "-0.0";  // "-0" would read back as the integer 0 in most JSON readers
    } else if (std::isfinite(v)) {
      char text[32];
      // The float overload prints the shortest text that parses back to exactly this float.
      const auto result = std::to_chars(text, text + sizeof text, v);
      staging_.append(text, result.ptr);
    } else {
      staging_ += "null";
      ++non_finite_;
    }
    for (int64_t block : blocks_) {
      if ((i + 1) % block == 0) staging_ += ']';
    }
  }

  void flush_staging() {
    if (file_ == nullptr) throw_internal(path_, "write after the JSON export finished or failed");
    if (!staging_.empty() && std::fwrite(staging_.data(), 1, staging_.size(), file_) != staging_.size()) fail();
    staging_.clear();
  }

  [[noreturn]] void fail() {
    const std::string reason = std::strerror(errno);
    discard();
    throw_bad_input(path_, "cannot write: " + reason);
  }

  void discard() noexcept {
    if (file_ != nullptr) std::fclose(std::exchange(file_, nullptr));
    if (remove_on_failure_) {
      ::unlink(path_.c_str());
      remove_on_failure_ = false;
    }
  }

  std::string path_;
  std::vector<int64_t> blocks_;  // values per block of each axis, outermost first
  int64_t pattern_block_ = 1;
  std::FILE* file_ = nullptr;
  bool remove_on_failure_ = false;
  std::string staging_;
  int64_t index_ = 0;
  int64_t non_finite_ = 0;
};

}  // namespace

ExportFormat parse_export_format(std::string_view text) {
  if (text == "npy") return ExportFormat::Npy;
  if (text == "json") return ExportFormat::Json;
  throw_bad_input("export format", "'" + std::string(text) + "' is not one of npy, json");
}

std::string_view export_extension(ExportFormat format) { return format == ExportFormat::Npy ? ".npy" : ".json"; }

void make_output_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  if (std::filesystem::exists(folder, ec) && !std::filesystem::is_directory(folder, ec)) {
    throw_bad_input(folder.string(), "cannot create the output folder: a file of that name is in the way");
  }
  std::filesystem::create_directories(folder, ec);
  if (ec) throw_bad_input(folder.string(), "cannot create the output folder: " + ec.message());
}

std::string safe_file_stem(std::string_view layer_name) {
  std::string stem;
  for (char c : layer_name.substr(0, kMaxStemBytes)) {
    const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                      c == '_' || c == '-';
    stem += safe ? c : '_';
  }
  // A leading '.' would hide the file and covers "." and ".."; a leading '-' reads as an option.
  if (!stem.empty() && (stem.front() == '.' || stem.front() == '-')) stem.front() = '_';
  return stem.empty() ? "layer" : stem;
}

ActivationWriter::ActivationWriter(std::filesystem::path path, ExportFormat format, Shape pattern_shape,
                                   int64_t patterns)
    : path_(std::move(path)), pattern_shape_(std::move(pattern_shape)), patterns_(patterns) {
  Shape full_shape{patterns_};
  full_shape.insert(full_shape.end(), pattern_shape_.begin(), pattern_shape_.end());
  validate_shape(full_shape, path_.string());
  if (format == ExportFormat::Npy) {
    sink_ = std::make_unique<NpySink>(path_, std::move(full_shape));
  } else {
    sink_ = std::make_unique<JsonSink>(path_, full_shape);
  }
}

ActivationWriter::~ActivationWriter() = default;

void ActivationWriter::append(const float* values, int64_t patterns) {
  if (!sink_) throw_internal(path_.string(), "append after the export finished or failed");
  if (patterns < 0 || patterns > patterns_ - written_) {
    sink_.reset();  // removes the partial file
    throw_internal(path_.string(), "appending " + std::to_string(patterns) + " patterns after " +
                                       std::to_string(written_) + " overflows the announced " +
                                       std::to_string(patterns_));
  }
  sink_->append(values, patterns * element_count(pattern_shape_));
  written_ += patterns;
}

void ActivationWriter::finish() {
  if (!sink_) throw_internal(path_.string(), "finish after the export finished or failed");
  if (written_ != patterns_) {
    sink_.reset();
    throw_internal(path_.string(), "finished after " + std::to_string(written_) + " of " +
                                       std::to_string(patterns_) + " patterns");
  }
  sink_->finish();
}

int64_t ActivationWriter::non_finite_count() const { return sink_ ? sink_->non_finite_count() : 0; }

}  // namespace cerebro::io
