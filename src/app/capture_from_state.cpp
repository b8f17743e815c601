#include "app/capture_from_state.hpp"

#include <cstdio>

#include "app/capture_job.hpp"
#include "io/model_loader.hpp"
#include "ui/state_fields.hpp"

namespace cerebro::app {

void capture_from_state(const std::filesystem::path& state, const std::filesystem::path& out,
                        const std::string& backend_name, unsigned threads) {
  const ui::StateCapture s = ui::read_state_file(state);
  const model::Graph graph = io::load_model(s.model, s.weights);
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
  capture(graph, *patterns, *backend, options);
  std::printf("cerebro: %s is the page of %s\n", (out / s.page_file).c_str(), state.c_str());
}

}  // namespace cerebro::app
