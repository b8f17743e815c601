#include "support/test_support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace cerebro::testing {
namespace fs = std::filesystem;

fs::path fixture(const std::string& relative) { return fs::path(CEREBRO_TEST_FIXTURES) / relative; }

fs::path shared_fixture(const std::string& relative) { return fs::path(CEREBRO_SHARED_FIXTURES) / relative; }

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device entropy;
  path_ = fs::temp_directory_path() /
          ("cerebro-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(entropy()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ignored);
  fs::remove_all(path_, ignored);
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

CommandResult run_cerebro(const std::vector<std::string>& args) {
  TempDir io;
  const std::string out_path = (io / "out").string();
  const std::string err_path = (io / "err").string();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv_storage{CEREBRO_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) {
    throw std::runtime_error("cannot start " + argv_storage[0]);
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  return result;
}

namespace {

template <typename A, typename B>
double relative_error_impl(std::span<const A> actual, std::span<const B> expected) {
  if (actual.size() != expected.size()) return INFINITY;
  double scale = 0.0;
  for (B v : expected) scale = std::max(scale, std::abs(static_cast<double>(v)));
  double worst = 0.0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const double diff = std::abs(static_cast<double>(actual[i]) - static_cast<double>(expected[i]));
    if (std::isnan(diff)) return INFINITY;
    worst = std::max(worst, diff);
  }
  return worst / std::max(scale, 1e-30);
}

template <typename T>
size_t argmax_impl(std::span<const T> values) {
  return static_cast<size_t>(std::max_element(values.begin(), values.end()) - values.begin());
}

}  // namespace

double relative_error(std::span<const float> actual, std::span<const double> expected) {
  return relative_error_impl(actual, expected);
}
double relative_error(std::span<const float> actual, std::span<const float> expected) {
  return relative_error_impl(actual, expected);
}
size_t argmax(std::span<const float> values) { return argmax_impl(values); }
size_t argmax(std::span<const double> values) { return argmax_impl(values); }

}  // namespace cerebro::testing
