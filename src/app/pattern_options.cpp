#include "app/pattern_options.hpp"

namespace cerebro::app {

void add_backend_option(CLI::App& command, std::string& backend) {
  command.add_option("--backend", backend, "auto, cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
}

void add_pattern_options(CLI::App& command, patterns::PatternOptions& options) {
  const std::string group = "Patterns";
  command.add_flag("--resize", options.resize, "Resize images bilinearly to the model's height and width")
      ->group(group);
  command
      .add_option_function<double>(
          "--scale", [&options](const double& s) { options.scale = s; },
          "Multiply raw values by S (default: 8-bit data / 255, 16-bit PNG / 65535, floats as stored)")
      ->group(group);
  command.add_flag("--invert", options.invert, "x -> 1 - x after scaling (dark strokes on white, as MNIST wants them)")
      ->group(group);
  command.add_option("--mean", options.mean, "Subtract after scaling: one value or one per channel (comma-separated)")
      ->delimiter(',')
      ->group(group);
  command.add_option("--std", options.std, "Then divide: one value or one per channel (comma-separated)")
      ->delimiter(',')
      ->group(group);
  command.add_option("--first", options.first, "Index of the first pattern used")->group(group);
  command
      .add_option_function<int64_t>(
          "--count", [&options](const int64_t& n) { options.count = n; },
          "Use at most this many patterns (default: all)")
      ->group(group);
}

}  // namespace cerebro::app
