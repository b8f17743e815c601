#include "app/commands.hpp"
#include "app/export_job.hpp"
#include "io/model_loader.hpp"

namespace cerebro::app {
namespace {

struct ExportArgs {
  std::string model;
  std::string patterns = "random";
  std::string out;
  std::vector<std::string> layers;
  std::string format = "npy";
  int64_t batch = 64;
  std::string backend = "auto";
};

void run_export(const ExportArgs& args) {
  const model::Graph graph = io::load_model(args.model);
  auto backend = compute::make_backend(args.backend);
  compute::check_supported(*backend, graph);
  auto patterns = patterns::open_patterns(args.patterns, graph.output_shape(graph.input_layers().at(0)));
  ExportOptions options{args.out, args.layers, io::parse_export_format(args.format), args.batch};
  export_activations(graph, *patterns, *backend, options);
}

}  // namespace

void add_export_command(CLI::App& cli) {
  auto* command = cli.add_subcommand("export", "Write every layer's output for a pattern set to files");
  auto args = std::make_shared<ExportArgs>();
  command->add_option("MODEL", args->model, "Keras model file (.h5)")->required();
  command->add_option("--patterns", args->patterns, "random[:N[:SEED]] or a .npy file")->capture_default_str();
  command->add_option("--out", args->out, "Output folder")->required();
  command->add_option("--layers", args->layers, "Only these layers (comma-separated names)")->delimiter(',');
  command->add_option("--format", args->format, "npy or json")->check(CLI::IsMember({"npy", "json"}))->capture_default_str();
  command->add_option("--batch", args->batch, "Patterns per forward pass")->check(CLI::Range(int64_t{1}, int64_t{1} << 20))->capture_default_str();
  command->add_option("--backend", args->backend, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}))->capture_default_str();
  command->callback([args] { run_export(*args); });
}

}  // namespace cerebro::app
