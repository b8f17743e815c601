#include "core/error.hpp"

namespace cerebro {
namespace {

std::string join(const std::string& context, const std::string& what) {
  return context.empty() ? what : context + ": " + what;
}

}  // namespace

Error::Error(ErrorKind kind, std::string context, const std::string& what)
    : std::runtime_error(join(context, what)), kind_(kind), context_(std::move(context)) {}

void throw_bad_input(std::string_view context, std::string_view what) {
  throw Error(ErrorKind::BadInput, std::string(context), std::string(what));
}

void throw_unsupported(std::string_view context, std::string_view what) {
  throw Error(ErrorKind::Unsupported, std::string(context), std::string(what));
}

void throw_internal(std::string_view context, std::string_view what) {
  throw Error(ErrorKind::Internal, std::string(context), std::string(what));
}

int exit_code_for(ErrorKind kind) { return kind == ErrorKind::Internal ? 1 : 2; }

}  // namespace cerebro
