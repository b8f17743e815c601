#include "app/commands.hpp"
#include "app/export_job.hpp"
#include "app/pattern_options.hpp"
#include "io/model_loader.hpp"

namespace cerebro::app {
namespace {

struct ExportArgs {
  std::string model;
  std::vector<std::string> patterns;  // "SRC" or one "NAME=SRC" per model input; none: random
  std::string weights;
  std::string out;
  std::vector<std::string> layers;
  std::string format = "npy";
  int64_t batch = 64;
  std::string backend = "auto";
  patterns::PatternOptions pattern_options;
};

void run_export(const ExportArgs& args) {
  const model::Graph graph = io::load_model(args.model, args.weights);
  auto backend = compute::make_backend(args.backend, graph);
  const InputPatterns inputs =
      open_input_patterns(graph, assign_pattern_specs(graph, args.patterns), args.pattern_options);
  ExportOptions options{args.out, args.layers, io::parse_export_format(args.format), args.batch};
  export_activations(graph, inputs.sources, *backend, options);
}

}  // namespace

void add_export_command(CLI::App& cli) {
  auto* command = cli.add_subcommand("export", "Write every layer's output for a pattern set to files");
  auto args = std::make_shared<ExportArgs>();
  command->add_option("MODEL", args->model, "Keras model file (.h5, .keras, or a .json architecture with --weights)")->required();
  command->add_option("--patterns", args->patterns,
                      std::string(kPatternsHelp) + "; NAME=SRC once per input for several inputs");
  command->add_option("--weights", args->weights, "Weights file applied to MODEL's architecture (.h5, .weights.h5, .keras)");
  command->add_option("--out", args->out, "Output folder")->required();
  command->add_option("--layers", args->layers, "Only these layers (comma-separated names)")->delimiter(',');
  command->add_option("--format", args->format, "npy or json")->check(CLI::IsMember({"npy", "json"}))->capture_default_str();
  command->add_option("--batch", args->batch, "Patterns per forward pass")->check(CLI::Range(int64_t{1}, int64_t{1} << 20))->capture_default_str();
  add_backend_option(*command, args->backend);
  add_pattern_options(*command, args->pattern_options);
  command->callback([args] { run_export(*args); });
}

}  // namespace cerebro::app
