#pragma once
// Shared helpers for the tests: where fixtures are, running the cerebro binary, comparing
// activations the way the fixtures' README asks (relative to the layer's largest |value|).
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace cerebro::testing {

std::filesystem::path fixture(const std::string& relative);         // tests/fixtures/<relative>
std::filesystem::path shared_fixture(const std::string& relative);  // ../shared/fixtures/<relative>

// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built cerebro binary with these arguments (no shell involved).
CommandResult run_cerebro(const std::vector<std::string>& args);

// max |a - b| / max(max |b|, tiny): the error measure every numeric comparison uses.
double relative_error(std::span<const float> actual, std::span<const double> expected);
double relative_error(std::span<const float> actual, std::span<const float> expected);

// Index of the largest value.
size_t argmax(std::span<const float> values);
size_t argmax(std::span<const double> values);

std::string read_text(const std::filesystem::path& path);
void write_bytes(const std::filesystem::path& path, const std::string& bytes);

}  // namespace cerebro::testing
