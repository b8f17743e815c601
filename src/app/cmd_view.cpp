// `cerebro view`: the live window (ui/). With no display it says so in one line and writes a
// headless capture of the same view instead.
#include <charconv>
#include <cstdio>
#include <fstream>

#include "app/capture_job.hpp"
#include "app/commands.hpp"
#include "app/pattern_options.hpp"
#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "ui/settings.hpp"
#include "ui/state_fields.hpp"
#include "ui/viewer.hpp"
#include "ui/window.hpp"

namespace cerebro::app {
namespace {

struct ViewArgs {
  std::string model = "assets/models/fashion_mlp.keras";
  std::string weights;
  std::string patterns = "random:100:0";
  std::string grid, limit, cmap, norm, show;
  std::string size = "1000x1000";
  std::vector<std::string> layers;
  bool input = false;
  bool stretch = false;
  bool square_strips = false;
  std::string backend = "auto";
  std::string labels;
  std::string shots = "screenshots";
  bool no_vsync = false;
  bool play = false;
  double rate = 0;
  int64_t frames = 0;
  int64_t bench_frames = 0;
  double seconds = 0;
  std::string screenshot;
  std::vector<std::string> sets;
  patterns::PatternOptions pattern_options;
};

std::vector<std::string> read_labels(const std::string& path) {
  std::vector<std::string> labels;
  if (path.empty()) return labels;
  std::ifstream in(path);
  if (!in) throw_bad_input(path, "cannot read the labels file");
  for (std::string line; std::getline(in, line);) labels.push_back(line);
  return labels;
}

std::pair<int, int> size_pair(const std::string& text) {
  const size_t x = text.find('x');
  int w = 0, h = 0;
  const bool ok = x != std::string::npos &&
                  std::from_chars(text.data(), text.data() + x, w).ec == std::errc() &&
                  std::from_chars(text.data() + x + 1, text.data() + text.size(), h).ec == std::errc();
  if (!ok || w < 64 || h < 64 || w > 16384 || h > 16384) {
    throw_bad_input("--size", "expected WxH from 64x64 to 16384x16384, got '" + text + "'");
  }
  return {w, h};
}

// Defaults, then the saved settings (interactive runs only), then the options given, then --set.
ui::ViewState initial_state(const ViewArgs& args, bool scripted) {
  ui::ViewState state;
  if (!scripted) ui::load_settings(state);
  state.model_path = args.model;
  state.weights_path = args.weights;
  state.patterns = args.patterns;
  state.patterns_edit = args.patterns;
  state.shots_dir = args.shots;
  state.playing = args.play;
  if (args.rate > 0) state.rate = args.rate;
  if (!args.grid.empty()) ui::set_field(state, "grid=" + args.grid);
  if (!args.limit.empty()) ui::set_field(state, "limit=" + args.limit);
  if (!args.cmap.empty()) ui::set_field(state, "colormap=" + args.cmap);
  if (!args.norm.empty()) ui::set_field(state, "norm=" + args.norm);
  if (!args.show.empty()) ui::set_field(state, "show=" + args.show);
  if (args.stretch) state.stretch = true;
  if (args.input) state.input_cell = true;
  if (args.square_strips) state.square_strips = true;
  state.layer_list = args.layers;
  return state;
}

// No display: the same view drawn headless, the current pattern's pages.
void headless_capture(const ViewArgs& args, const ui::ViewState& state, const std::string& why) {
  const model::Graph graph = io::load_model(args.model, args.weights);
  // The window's own refusal (ui::ViewSession), the same line whether or not there is a display.
  if (graph.input_layers().size() != 1) {
    throw_unsupported(args.model, "viewing models with several inputs is not supported yet");
  }
  auto backend = compute::make_backend(args.backend, graph);
  patterns::PatternOptions one = args.pattern_options;
  one.count = 1;
  auto patterns = patterns::open_patterns(args.patterns, graph.output_shape(graph.input_layers().at(0)), one);
  CaptureOptions options;
  options.out_dir = std::filesystem::path(args.shots) / "headless";
  options.page.rows = state.rows;
  options.page.cols = state.cols;
  std::tie(options.page.width, options.page.height) = size_pair(args.size);
  options.page.stretch = state.stretch;
  options.display.show = state.show;
  options.display.threshold_rows = state.threshold_rows;
  options.display.threshold_cols = state.threshold_cols;
  options.display.input = state.input_cell;
  options.display.layers = state.layer_list;
  options.display.square_strips = state.square_strips;
  // The viewer's rule: a model the article's rule shows nothing of is shown as maps.
  if (options.display.show == render::ShowMode::Article && render::shown_cells(graph, options.display).empty()) {
    options.display.show = render::ShowMode::Maps;
  }
  options.norm = state.norm;
  options.colormap = state.colormap;
  options.batch = 1;
  options.progress = false;
  options.origin = {args.weights, {args.patterns}, one};
  capture(graph, *patterns, *backend, options);
  std::printf("cerebro: no display (%s): wrote a headless capture to %s instead\n", why.c_str(),
              options.out_dir.c_str());
}

void run_view(const ViewArgs& args) {
  ui::ViewerOptions options;
  options.session.backend = args.backend;
  options.session.pattern_options = args.pattern_options;
  options.session.labels = read_labels(args.labels);
  std::tie(options.width, options.height) = size_pair(args.size);
  options.vsync = !args.no_vsync;
  options.frames = args.frames;
  options.bench_frames = args.bench_frames;
  options.seconds = args.seconds;
  options.screenshot = args.screenshot;
  options.sets = args.sets;
  const ui::ViewState state = initial_state(args, options.scripted());
  for (const std::string& assignment : args.sets) {
    ui::ViewState check = state;
    ui::set_field(check, assignment);  // a wrong --set fails before a window opens
  }
  try {
    ui::run_viewer(state, options);
  } catch (const ui::NoDisplay& none) {
    headless_capture(args, state, none.why);
  }
}

}  // namespace

void add_view_command(CLI::App& cli) {
  auto* command = cli.add_subcommand("view", "Live window: every layer's maps as patterns stream through");
  auto args = std::make_shared<ViewArgs>();
  command->add_option("MODEL", args->model, "Keras model file (.h5, .keras, or a .json architecture with --weights)")
      ->capture_default_str();
  command->add_option("--weights", args->weights,
                      "Weights file applied to MODEL's architecture (.h5, .weights.h5, .keras)");
  command->add_option("--patterns", args->patterns, kPatternsHelp)->capture_default_str();
  add_pattern_options(*command, args->pattern_options);
  command->add_option("--grid", args->grid, "Cells per page, ROWSxCOLS (1-8 each; default 3x3)");
  command->add_option("--limit", args->limit, "Show 2-D outputs with both sides above HxW (default 15x15)");
  command->add_option("--cmap", args->cmap, "viridis, magma, inferno, plasma, cividis, gray or coolwarm");
  command->add_option("--norm", args->norm, "map, layer, symmetric, percentile[:LO,HI] or fixed:LO,HI");
  command->add_option("--size", args->size, "Window size, WxH")->capture_default_str();
  command->add_option("--layers", args->layers, "Only these layers (comma-separated)")->delimiter(',');
  command->add_option("--show", args->show, "article, maps or all")->check(CLI::IsMember({"article", "maps", "all"}));
  command->add_flag("--input", args->input, "Put the pattern itself in the first cell");
  command->add_flag("--stretch", args->stretch, "Fill each cell instead of keeping the map's aspect");
  command->add_flag("--square-strips", args->square_strips, "Draw 1-D outputs as keract's near-square rectangle");
  add_backend_option(*command, args->backend);
  command->add_option("--labels", args->labels, "Class names, one per line, for the top-5 chart");
  command->add_option("--shots", args->shots, "Screenshot folder")->capture_default_str();
  command->add_flag("--no-vsync", args->no_vsync, "Draw as fast as possible");
  command->add_flag("--play", args->play, "Start playing");
  command->add_option("--rate", args->rate, "Patterns per second while playing (default: one per frame)");
  command->add_option("--frames", args->frames, "Quit after N frames (scripted; no saved settings)");
  command->add_option("--bench-frames", args->bench_frames, "Run N frames and print frame time p50/p99 per phase");
  command->add_option("--seconds", args->seconds,
                      "Quit after S seconds, drawing as a live window does (paused, it waits for events); "
                      "prints the frames drawn; no saved settings")
      ->check(CLI::PositiveNumber);
  command->add_option("--screenshot", args->screenshot, "Write the grid as PNG (+ .json state) at the end");
  command->add_option("--set", args->sets, "Set a state field, key=value (repeatable)");
  command->callback([args] { run_view(*args); });
}

}  // namespace cerebro::app
