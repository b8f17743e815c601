#pragma once
// Helpers for the bad-input table (README.md here): the one-line error every row expects, a run of
// the cerebro binary under resource limits, and a listing of every file under a folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace cerebro::testing {

struct Expectation {
  int exit_code = 2;
  std::string mentions;  // the file (or option) the message must name
  std::string says;      // what is wrong
};

// Exit code, ONE line on stderr ("cerebro: <file>: <what>") naming the file and saying what is
// wrong, nothing on stdout.
inline void expect_one_line_error(const CommandResult& result, const Expectation& e) {
  EXPECT_EQ(result.exit_code, e.exit_code) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(result.err.rfind("cerebro: ", 0), 0u) << result.err;
  EXPECT_NE(result.err.find(e.mentions), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(e.says), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
}

struct Limits {
  long long max_file_bytes = -1;  // RLIMIT_FSIZE (SIGXFSZ left at its default: cerebro ignores it)
};

struct LimitedResult : CommandResult {
  long long max_rss_kib = 0;  // the child's peak resident memory (getrusage)
};

// Runs the cerebro binary in a forked child under `limits`.
LimitedResult run_cerebro_limited(const std::vector<std::string>& args, const Limits& limits);

// Every path under `root` (files and folders), relative to it.
std::set<std::string> tree(const std::filesystem::path& root);

// A little-endian float32 .npy of this shape and these values, as NumPy writes it.
void write_npy(const std::filesystem::path& path, const std::vector<int64_t>& shape, const std::vector<float>& values);

}  // namespace cerebro::testing
