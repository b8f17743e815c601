#pragma once
// Helpers shared by the io tests: asserting cerebro errors, and hand-made .npy bytes.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace cerebro::io::test {

// Runs `action` and expects a cerebro::Error of `kind`: one line holding every fragment.
template <typename Action>
void expect_error(Action&& action, ErrorKind kind, std::initializer_list<std::string_view> fragments) {
  try {
    action();
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.kind(), kind) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
    for (std::string_view fragment : fragments) {
      EXPECT_NE(message.find(fragment), std::string::npos) << "'" << fragment << "' missing from: " << message;
    }
    return;
  }
  ADD_FAILURE() << "no cerebro::Error was thrown";
}

// A .npy with this literal dict (unpadded, which readers must accept) followed by `data`.
inline std::string make_npy(std::string_view dict, std::string_view data = {}, int major = 1) {
  std::string out("\x93" "NUMPY", 6);
  out += static_cast<char>(major);
  out += '\0';
  const size_t length_bytes = major == 1 ? 2 : 4;
  for (size_t i = 0; i < length_bytes; ++i) out += static_cast<char>((dict.size() >> (8 * i)) & 0xff);
  out += dict;
  out += data;
  return out;
}

template <typename T>
std::string raw_bytes(std::initializer_list<T> values) {
  return std::string(reinterpret_cast<const char*>(values.begin()), values.size() * sizeof(T));
}

}  // namespace cerebro::io::test
