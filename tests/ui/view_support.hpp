#pragma once
// What the tests of the live window share: running commands under xvfb-run from a shell.
#include <cstdlib>
#include <filesystem>
#include <string>

namespace cerebro::testing {

inline std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// `program` from PATH, or "" (the tests then fail, never skip: scripts/install-deps installs it).
inline std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t start = 0; start <= dirs.size();) {
    const size_t end = dirs.find(':', start);
    const std::filesystem::path candidate = std::filesystem::path(dirs.substr(start, end - start)) / program;
    if (std::filesystem::exists(candidate)) return candidate.string();
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return "";
}

}  // namespace cerebro::testing
