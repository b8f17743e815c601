#include "app/commands.hpp"

#include "compute/backend.hpp"

namespace cerebro::app {

std::string version_line() {
  return std::string("cerebro ") + CEREBRO_VERSION + " (CUDA support " +
         (compute::cuda_compiled_in() ? "compiled in" : "not compiled in") + ")";
}

void add_all_commands(CLI::App& cli) {
  cli.set_version_flag("--version", version_line());
  cli.require_subcommand(1);
  add_summary_command(cli);
  add_export_command(cli);
}

}  // namespace cerebro::app
