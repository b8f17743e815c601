#pragma once
// Messages to the user on stderr. Warnings say something once; they never stop the program.
#include <string_view>

namespace cerebro {

void log_info(std::string_view message);
void log_warning(std::string_view message);
// Tests turn this on to fail on any warning (as tiny-cuda-nn's tests do).
int warning_count();

}  // namespace cerebro
