#pragma once

#include <string>
#include <string_view>

namespace cerebro {

// `text` with every control byte (below 0x20, and 0x7f) written as \xNN. Names come from input
// files and may hold a newline, a NUL or a terminal escape sequence: printed as they are, they
// would break a one-line message, cut a Graphviz label short or drive the user's terminal.
std::string printable(std::string_view text);

}  // namespace cerebro
