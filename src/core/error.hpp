#pragma once
// One exception type for the whole program. It carries where the problem was found (a file, a
// layer) so the command line can print one line and the viewer can show it.
#include <stdexcept>
#include <string>
#include <string_view>

namespace cerebro {

enum class ErrorKind {
  BadInput,     // the user's file or argument is wrong: exit code 2
  Unsupported,  // valid input that cerebro cannot handle (yet): exit code 2
  Internal,     // a bug or an environment failure: exit code 1
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string context, const std::string& what);

  ErrorKind kind() const { return kind_; }
  // The file, layer or argument the message is about; may be empty.
  const std::string& context() const { return context_; }

 private:
  ErrorKind kind_;
  std::string context_;
};

[[noreturn]] void throw_bad_input(std::string_view context, std::string_view what);
[[noreturn]] void throw_unsupported(std::string_view context, std::string_view what);
[[noreturn]] void throw_internal(std::string_view context, std::string_view what);

// Exit code the command line uses for an error of this kind.
int exit_code_for(ErrorKind kind);

}  // namespace cerebro
