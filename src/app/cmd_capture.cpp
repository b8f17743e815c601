#include <charconv>
#include <cstdio>

#include "app/capture_from_state.hpp"
#include "app/capture_job.hpp"
#include "app/commands.hpp"
#include "app/model_inputs.hpp"
#include "app/pattern_options.hpp"
#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "ui/state_fields.hpp"

namespace cerebro::app {
namespace {

struct CaptureArgs {
  std::string model;
  std::string weights;
  std::vector<std::string> patterns;  // "SRC" or one "NAME=SRC" per model input; none: random
  std::string out;
  std::string grid = "3x3";
  std::string limit = "15x15";
  std::string cmap = "viridis";
  std::string norm = "map";
  std::string size = "1000x1000";
  std::vector<std::string> layers;
  std::string show = "article";
  bool input = false;
  bool stretch = false;
  bool no_colorbars = false;
  bool square_strips = false;
  bool plot_model = false;
  bool per_layer = false;
  std::string backend = "auto";
  int64_t batch = 32;
  unsigned threads = 0;
  patterns::PatternOptions pattern_options;
  std::string state;  // --state: a viewer screenshot's sidecar
};

// "AxB" as two positive integers no larger than `largest`.
std::pair<int, int> parse_pair(const std::string& text, const std::string& option, int largest) {
  const size_t x = text.find('x');
  auto number = [&](std::string_view part) {
    int value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || value < 1 || value > largest) {
      throw_bad_input(option, "expected AxB with whole numbers from 1 to " + std::to_string(largest) + ", got '" +
                                  text + "'");
    }
    return value;
  };
  if (x == std::string::npos) number("");
  return {number(std::string_view(text).substr(0, x)), number(std::string_view(text).substr(x + 1))};
}

CaptureOptions capture_options(const CaptureArgs& args) {
  CaptureOptions o;
  o.out_dir = args.out;
  std::tie(o.page.rows, o.page.cols) = parse_pair(args.grid, "--grid", 64);
  std::tie(o.page.width, o.page.height) = parse_pair(args.size, "--size", 16384);
  o.page.stretch = args.stretch;
  o.page.colorbars = !args.no_colorbars;
  const auto [rows, cols] = parse_pair(args.limit, "--limit", 1 << 30);
  // --limit HxW: shown when both sides are strictly greater (the article's > 15).
  o.display.threshold_rows = rows;
  o.display.threshold_cols = cols;
  o.display.show = ui::parse_show(args.show);
  o.display.input = args.input;
  o.display.layers = args.layers;
  o.display.square_strips = args.square_strips;
  o.norm = render::parse_norm(args.norm);
  o.colormap = args.cmap;
  o.per_layer = args.per_layer;
  o.plot_model = args.plot_model;
  o.batch = args.batch;
  o.threads = args.threads;
  return o;
}

void run_capture(const CaptureArgs& args) {
  if (!args.state.empty()) {
    capture_from_state(args.state, args.out, args.backend, args.threads);
    return;
  }
  if (args.model.empty()) throw_bad_input("MODEL", "a model file is required (or --state FILE)");
  CaptureOptions options = capture_options(args);
  const model::Graph graph = io::load_model(args.model, args.weights);
  auto backend = compute::make_backend(args.backend, graph);
  const InputPatterns inputs =
      open_input_patterns(graph, assign_pattern_specs(graph, args.patterns), args.pattern_options);
  options.origin = {args.weights, inputs.specs, args.pattern_options};
  const CaptureSummary summary = capture(graph, inputs.sources, *backend, options);
  std::printf("cerebro: %lld pages for %lld patterns in %s (%.2f s, %.1f pages/s)\n",
              static_cast<long long>(summary.pages), static_cast<long long>(summary.patterns), args.out.c_str(),
              summary.seconds, summary.seconds > 0 ? static_cast<double>(summary.pages) / summary.seconds : 0.0);
}

}  // namespace

void add_capture_command(CLI::App& cli) {
  auto* command = cli.add_subcommand("capture", "Draw every pattern's layer pages as PNG files (headless)");
  auto args = std::make_shared<CaptureArgs>();
  command->add_option("MODEL", args->model, "Keras model file (.h5, .keras, or a .json architecture with --weights)");
  command->add_option("--state", args->state, "Draw again what a `cerebro view` screenshot shows, from its .json");
  command->add_option("--weights", args->weights, "Weights file applied to MODEL's architecture (.h5, .weights.h5, .keras)");
  command->add_option("--patterns", args->patterns,
                      std::string(kPatternsHelp) + "; NAME=SRC once per input for several inputs");
  add_pattern_options(*command, args->pattern_options);
  command->add_option("--out", args->out, "Output folder")->required();
  command->add_option("--grid", args->grid, "Cells per page, ROWSxCOLS")->capture_default_str();
  command->add_option("--limit", args->limit, "Show 2-D outputs with both sides above HxW")->capture_default_str();
  command->add_option("--cmap", args->cmap, "viridis, magma, inferno, plasma, cividis, gray or coolwarm")
      ->capture_default_str();
  command->add_option("--norm", args->norm, "map, layer, set, symmetric, percentile[:LO,HI] or fixed:LO,HI")
      ->capture_default_str();
  command->add_option("--size", args->size, "Page size in pixels, WxH")->capture_default_str();
  command->add_option("--layers", args->layers, "Only these layers, whatever their size (comma-separated)")
      ->delimiter(',');
  command->add_option("--show", args->show, "article (2-D maps), maps (+ channels of 3-D outputs) or all (+ strips)")
      ->check(CLI::IsMember({"article", "maps", "all"}))
      ->capture_default_str();
  command->add_flag("--input", args->input, "Put the pattern itself in the first cell");
  command->add_flag("--stretch", args->stretch, "Fill each cell (the article's aspect) instead of keeping the map's");
  command->add_flag("--no-colorbars", args->no_colorbars, "Leave out the colour bars (the article's figure has none)");
  command->add_flag("--square-strips", args->square_strips, "Draw 1-D outputs as keract's near-square rectangle");
  command->add_flag("--plot-model", args->plot_model, "Also draw the architecture diagram (Keras' plot_model)");
  command->add_flag("--per-layer", args->per_layer, "One page per layer with all its channels, {i}_{layer}.png (keract)");
  add_backend_option(*command, args->backend);
  command->add_option("--batch", args->batch, "Patterns per forward pass")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 16))
      ->capture_default_str();
  command->add_option("--threads", args->threads, "PNG encoder threads (0: one per core)")
      ->check(CLI::Range(0u, 256u))
      ->capture_default_str();
  command->callback([args] { run_capture(*args); });
}

}  // namespace cerebro::app
