#pragma once
// The command-line options that choose how patterns are converted to the model's input, shared by
// every subcommand that reads patterns (export, capture, view): call add_pattern_options on the
// subcommand and pass the filled struct to patterns::open_patterns. Also --backend, which they
// share too.
#include <CLI/CLI.hpp>

#include "patterns/conversion.hpp"

namespace cerebro::app {

// Registers --resize, --scale, --invert, --mean, --std, --first and --count (in the "Patterns"
// group); `options` must outlive parsing and the subcommand's callback.
void add_pattern_options(CLI::App& command, patterns::PatternOptions& options);

// Registers --backend (auto, cpu or cuda; its default shown), the same for every subcommand that
// runs a model.
void add_backend_option(CLI::App& command, std::string& backend);

// The help text of --patterns, so every subcommand describes sources alike.
inline constexpr const char* kPatternsHelp =
    "random[:N[:SEED]], a .npy, FILE.npz[:NAME], an IDX file (MNIST's, plain or .gz), a PNG or JPEG, or a folder "
    "of them (default random)";

}  // namespace cerebro::app
