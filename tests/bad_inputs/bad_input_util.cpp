#include "bad_inputs/bad_input_util.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>

#include "io/npy.hpp"

namespace cerebro::testing {
namespace fs = std::filesystem;

LimitedResult run_cerebro_limited(const std::vector<std::string>& args, const Limits& limits) {
  TempDir io;
  const std::string out_path = (io / "out").string();
  const std::string err_path = (io / "err").string();
  std::vector<std::string> argv_storage{CEREBRO_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // The child: only async-signal-safe calls until exec.
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(126);
    if (limits.max_file_bytes >= 0) {
      // SIGXFSZ keeps its default (kill) here: cerebro ignores it itself, so a write past the
      // limit fails with EFBIG, as a write to a full disk fails with ENOSPC.
      const rlimit limit{static_cast<rlim_t>(limits.max_file_bytes), static_cast<rlim_t>(limits.max_file_bytes)};
      if (::signal(SIGXFSZ, SIG_DFL) == SIG_ERR || ::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(126);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  ::wait4(pid, &status, 0, &usage);
  LimitedResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  result.max_rss_kib = usage.ru_maxrss;
  return result;
}

std::set<std::string> tree(const fs::path& root) {
  std::set<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    paths.insert(fs::relative(entry.path(), root).string());
  }
  return paths;
}

void write_npy(const fs::path& path, const std::vector<int64_t>& shape, const std::vector<float>& values) {
  io::NpyWriter writer(path.string(), shape);
  writer.append(values.data(), static_cast<int64_t>(values.size()));
  writer.finish();
}

}  // namespace cerebro::testing
