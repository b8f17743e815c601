#pragma once
// Each subcommand registers its options on the CLI and the function that runs it.
#include <CLI/CLI.hpp>

namespace cerebro::app {

void add_summary_command(CLI::App& cli);
void add_export_command(CLI::App& cli);
void add_capture_command(CLI::App& cli);
void add_view_command(CLI::App& cli);

// Builds the whole command line; `main` parses and runs it.
void add_all_commands(CLI::App& cli);
std::string version_line();

}  // namespace cerebro::app
