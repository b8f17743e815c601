// CPU forward-pass benchmark: microseconds per pattern for one model at given batch sizes, every
// layer's output kept (what `export` and the viewer need), plus the BLAS actually loaded.
//
//   cerebro_forward_bench MODEL [BATCH ...] [--seconds S]
//
// Prints one line per batch size: "cerebro cpu  batch B: M us/pattern (median of 5 blocks, ...)".
// Never run by CTest; bench/run_forward.sh runs it next to NumPy and bench/RESULTS.md records it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "compute/backend.hpp"
#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "patterns/pattern_source.hpp"

// OpenBLAS's own introspection (exported by libopenblas; see its cblas.h).
extern "C" char* openblas_get_corename(void);
extern "C" char* openblas_get_config(void);
extern "C" int openblas_get_num_threads(void);

namespace {

using Clock = std::chrono::steady_clock;

// The shared objects mapped into this process whose path mentions BLAS (the one cblas_sgemm
// resolves to among them).
std::string loaded_blas_libraries() {
  std::ifstream maps("/proc/self/maps");
  std::vector<std::string> found;
  for (std::string line; std::getline(maps, line);) {
    const size_t slash = line.find('/');
    if (slash == std::string::npos || line.find("blas") == std::string::npos) continue;
    const std::string path = line.substr(slash);
    if (std::find(found.begin(), found.end(), path) == found.end()) found.push_back(path);
  }
  std::string text;
  for (const std::string& path : found) text += (text.empty() ? "" : ", ") + path;
  return text.empty() ? "none found" : text;
}

// Seconds per run of the backend at this batch: the median of 5 blocks of at least
// `seconds` / 5 each (these machines are shared; the median shrugs off one noisy block).
double seconds_per_run(cerebro::compute::Backend& backend, const float* input, int64_t batch, double seconds) {
  const float* inputs[] = {input};
  for (int i = 0; i < 3; ++i) backend.run(inputs, batch);  // warm caches and BLAS threads
  std::vector<double> blocks;
  for (int block = 0; block < 5; ++block) {
    int64_t runs = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
      backend.run(inputs, batch);
      ++runs;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < seconds / 5);
    blocks.push_back(elapsed / static_cast<double>(runs));
  }
  std::sort(blocks.begin(), blocks.end());
  return blocks[2];
}

int run(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MODEL [BATCH ...] [--seconds S]\n", argv[0]);
    return 2;
  }
  const std::string model_path = argv[1];
  std::vector<int64_t> batches;
  double seconds = 2.0;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else {
      batches.push_back(std::atoll(arg.c_str()));
    }
  }
  if (batches.empty()) batches = {1, 256};

  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  std::printf("blas: %s | core %s | %d threads | OPENBLAS_CORETYPE=%s\n", loaded_blas_libraries().c_str(),
              openblas_get_corename(), openblas_get_num_threads(), coretype != nullptr ? coretype : "(unset)");
  std::printf("blas config: %s\n", openblas_get_config());

  const cerebro::model::Graph graph = cerebro::io::load_model(model_path);
  auto backend = cerebro::compute::make_backend("cpu");
  cerebro::compute::check_supported(*backend, graph);
  const cerebro::Shape& shape = graph.output_shape(graph.input_layers().at(0));
  for (int64_t batch : batches) {
    auto patterns = cerebro::patterns::open_patterns("random:" + std::to_string(batch) + ":0", shape);
    std::vector<float> input(static_cast<size_t>(batch * cerebro::element_count(shape)));
    patterns->read(0, batch, input.data());
    backend->plan(graph, batch);
    const double per_run = seconds_per_run(*backend, input.data(), batch, seconds);
    std::printf("cerebro cpu  batch %4lld: %10.2f us/pattern  (%.2f us per forward pass; median of 5 blocks)\n",
                static_cast<long long>(batch), per_run * 1e6 / static_cast<double>(batch), per_run * 1e6);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const cerebro::Error& error) {
    std::fprintf(stderr, "cerebro_forward_bench: %s\n", error.what());
    return 2;
  }
}
