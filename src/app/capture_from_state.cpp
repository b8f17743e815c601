#include "app/capture_from_state.hpp"

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/capture_job.hpp"
#include "app/model_inputs.hpp"
#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "ui/state_fields.hpp"

namespace cerebro::app {
namespace {

using nlohmann::json;

patterns::PatternOptions read_pattern_options(const json& o) {
  patterns::PatternOptions options;
  options.first = o.at("first").get<int64_t>();
  if (!o.at("count").is_null()) options.count = o.at("count").get<int64_t>();
  options.resize = o.at("resize").get<bool>();
  if (!o.at("scale").is_null()) options.scale = o.at("scale").get<double>();
  options.invert = o.at("invert").get<bool>();
  options.mean = o.at("mean").get<std::vector<double>>();
  options.std = o.at("std").get<std::vector<double>>();
  return options;
}

// Everything but the patterns: the page geometry of the first page (every grid page shares it;
// --per-layer pages take their grid from the layer), the display rule, colours, normalisation.
CaptureOptions read_capture_options(const json& doc, const std::string& context) {
  CaptureOptions options;
  const json& page = doc.at("pages").at(0);
  options.page.width = page.at("width").get<int>();
  options.page.height = page.at("height").get<int>();
  options.page.rows = page.at("grid").at(0).get<int>();
  options.page.cols = page.at("grid").at(1).get<int>();
  options.page.stretch = page.at("stretch").get<bool>();
  options.page.colorbars = page.at("colorbars").get<bool>();
  const json& d = doc.at("display");
  options.display.show = ui::parse_show(d.at("show").get<std::string>(), context);
  options.display.threshold_rows = d.at("limit").at(0).get<int64_t>();
  options.display.threshold_cols = d.at("limit").at(1).get<int64_t>();
  options.display.input = d.at("input").get<bool>();
  options.display.layers = d.at("layers").get<std::vector<std::string>>();
  options.display.square_strips = d.at("square_strips").get<bool>();
  options.display.max_texture_size = d.at("max_texture_size").get<int64_t>();
  options.per_layer = d.at("per_layer").get<bool>();
  options.norm = render::parse_norm(doc.at("normalization").at("mode").get<std::string>());
  options.colormap = doc.at("colormap").get<std::string>();
  options.batch = doc.at("batch").get<int64_t>();
  options.origin.weights = doc.at("weights").get<std::string>();
  options.origin.pattern_options = read_pattern_options(doc.at("patterns").at("options"));
  return options;
}

// The recorded specs, checked against the model's inputs as it loads now.
std::vector<std::string> recorded_specs(const json& inputs, const model::Graph& graph, const std::string& context) {
  std::string now;
  for (const int input : graph.input_layers()) now += (now.empty() ? "" : ", ") + graph.node_name(input);
  std::string then;
  std::vector<std::string> specs;
  for (const json& input : inputs) {
    then += (then.empty() ? "" : ", ") + input.at("name").get<std::string>();
    if (input.at("spec").is_null()) {
      throw_bad_input(context, "does not record what input '" + input.at("name").get<std::string>() +
                                   "' was opened from (a viewer's headless capture): capture it with cerebro capture");
    }
    specs.push_back(input.at("spec").get<std::string>());
  }
  if (then != now) throw_bad_input(context, "records the inputs " + then + " but the model's inputs are now " + now);
  return specs;
}

void capture_again(const std::filesystem::path& state, const json& doc, const std::filesystem::path& out,
                   const std::string& backend_name, unsigned threads) {
  const std::string context = state.string();
  CaptureOptions options;
  std::string model;
  json inputs;
  try {
    if (doc.at("version").get<int>() < 2) {
      throw_bad_input(context, "written before capture.json recorded how its patterns were opened: capture again");
    }
    options = read_capture_options(doc, context);
    model = doc.at("model").get<std::string>();
    inputs = doc.at("patterns").at("inputs");
  } catch (const json::exception& e) {
    throw_bad_input(context, std::string("a field is missing or of the wrong type: ") + e.what());
  }
  const model::Graph graph = io::load_model(model, options.origin.weights);
  auto backend = compute::make_backend(backend_name, graph);
  InputPatterns patterns;
  try {
    patterns = open_input_patterns(graph, recorded_specs(inputs, graph, context), options.origin.pattern_options);
  } catch (const json::exception& e) {
    throw_bad_input(context, std::string("a field is missing or of the wrong type: ") + e.what());
  }
  options.origin.specs = patterns.specs;
  options.out_dir = out;
  options.threads = threads;
  options.progress = false;
  const CaptureSummary summary = capture(graph, patterns.sources, *backend, options);
  std::printf("cerebro: %lld pages for %lld patterns in %s, drawn again from %s\n",
              static_cast<long long>(summary.pages), static_cast<long long>(summary.patterns), out.c_str(),
              state.c_str());
}

void capture_viewer_page(const std::filesystem::path& state, const std::filesystem::path& out,
                         const std::string& backend_name, unsigned threads) {
  const ui::StateCapture s = ui::read_state_file(state);
  const model::Graph graph = io::load_model(s.model, s.weights);
  if (graph.input_layers().size() != 1) {
    throw_unsupported(s.model, "viewing models with several inputs is not supported yet");
  }
  auto backend = compute::make_backend(backend_name, graph);
  auto patterns =
      patterns::open_patterns(s.patterns, graph.output_shape(graph.input_layers().at(0)), s.pattern_options);
  CaptureOptions options;
  options.out_dir = out;
  options.page = s.page;
  options.display = s.display;
  options.norm = s.norm;
  options.colormap = s.colormap;
  options.batch = 1;
  options.threads = threads;
  options.progress = false;
  options.origin = {s.weights, {s.patterns}, s.pattern_options};
  capture(graph, *patterns, *backend, options);
  std::printf("cerebro: %s is the page of %s\n", (out / s.page_file).c_str(), state.c_str());
}

}  // namespace

void capture_from_state(const std::filesystem::path& state, const std::filesystem::path& out,
                        const std::string& backend_name, unsigned threads) {
  std::ifstream in(state);
  const json doc = in ? json::parse(in, nullptr, false) : json();
  if (doc.is_object() && doc.contains("format") && doc["format"] == "cerebro capture state") {
    capture_again(state, doc, out, backend_name, threads);
  } else {
    capture_viewer_page(state, out, backend_name, threads);  // says what is wrong with anything else
  }
}

}  // namespace cerebro::app
