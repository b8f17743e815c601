#pragma once
// Helpers for the pattern tests: fixtures under tests/fixtures/patterns/ and the values a reader
// must produce for them (expected.npz, written by tools/make_pattern_fixtures.py from the NumPy
// arrays each file was made from).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/npz.hpp"
#include "patterns/pattern_source.hpp"
#include "support/test_support.hpp"

namespace cerebro::patterns::test {

inline std::string pattern_fixture(const std::string& relative) {
  return cerebro::testing::fixture("patterns/" + relative).string();
}

// The stored values (raw: 0..255 for 8-bit data) a reader must give for `key` in expected.npz.
inline io::NpyArray expected_values(const std::string& key) {
  return io::read_npz_array(cerebro::testing::fixture("patterns/expected.npz"), key);
}

// Every pattern of a source, read in one call.
inline std::vector<float> read_all(PatternSource& source) {
  std::vector<float> values(static_cast<size_t>(source.count() * element_count(source.shape())));
  source.read(0, source.count(), values.data());
  return values;
}

// The error a call throws (its kind and message), or a test failure when it throws none.
template <typename F>
Error error_of(F&& call) {
  try {
    call();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected a cerebro::Error";
  return Error(ErrorKind::Internal, "", "no error was thrown");
}

// The error opening `spec` for `input` and reading every pattern throws (see error_of): for files
// whose damage shows only once they are read.
inline Error read_error(const std::string& spec, const Shape& input) {
  return error_of([&] {
    auto source = open_patterns(spec, input);
    read_all(*source);
  });
}

// Every value is the stored one divided by `divisor` (255 for 8-bit data, 65535 for 16-bit PNGs,
// 1 for values taken as stored), exactly as x / divisor in float32.
inline void expect_scaled(const std::vector<float>& actual, const io::NpyArray& stored, float divisor) {
  ASSERT_EQ(actual.size(), stored.values.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    ASSERT_EQ(actual[i], static_cast<float>(stored.values[i]) / divisor) << "value " << i;
  }
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace cerebro::patterns::test
