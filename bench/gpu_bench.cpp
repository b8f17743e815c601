// The CUDA backend's benchmark (needs a GPU; scripts/gpu-check runs it on the device machine):
//   1. patterns/s at batch 1 and 256 for the article's model, a large MLP and a small CNN, on
//      the CUDA backend and on the CPU backend in the same run, with the fraction of the
//      physical floor the GPU reaches (max of FLOPs / fp32 peak and bytes / memory bandwidth);
//   2. compute latency at batch 1 on the article's model: from the pattern's upload until every
//      layer's values are written (run + wait; then with every shown cell published into device
//      surfaces, map/unmap excluded);
//   3. GL interop: map + unmap per frame of a 3x3 page of registered textures, measured apart
//      (one call for the page, as publish_cells does, and one texture at a time for comparison),
//      and a whole page published through them.
//
//   cerebro_gpu_bench [--article MODEL.h5] [--seconds S] [--parts article,large_mlp,small_cnn,latency,interop]
//
// Prints a table and a last line "gpu-check note: ..." with the headline figures. Exit status 1
// when a part failed (each part runs whatever the others did). Not a test: nothing is asserted.
#include <cuda_runtime_api.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda_test_targets.hpp"
#include "core/error.hpp"
#include "gpu_bench_models.hpp"
#include "io/model_loader.hpp"
#include "render/cuda_texture_target.hpp"
#include "render/display_rule.hpp"
#include "render/egl_context.hpp"

namespace cerebro::bench {
namespace {

using Clock = std::chrono::steady_clock;
using compute::cuda::CudaBackend;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Median of `samples` timings of `body` in microseconds, after `warmup` untimed calls.
double median_us(int warmup, int samples, const std::function<void()>& body) {
  for (int i = 0; i < warmup; ++i) body();
  std::vector<double> us;
  for (int i = 0; i < samples; ++i) {
    const auto start = Clock::now();
    body();
    us.push_back(seconds_since(start) * 1e6);
  }
  std::nth_element(us.begin(), us.begin() + samples / 2, us.end());
  return us[static_cast<size_t>(samples / 2)];
}

// Page-locked host memory for the benchmark's inputs: the backend then uploads straight from it.
struct PinnedInput {
  float* data = nullptr;
  explicit PinnedInput(int64_t count) {
    if (cudaHostAlloc(reinterpret_cast<void**>(&data), static_cast<size_t>(count) * sizeof(float),
                      cudaHostAllocDefault) != cudaSuccess) {
      throw_internal("bench", "cudaHostAlloc failed");
    }
    for (int64_t i = 0; i < count; ++i) data[i] = static_cast<float>((i * 7919) % 1000) / 1000.0f;
  }
  ~PinnedInput() { (void)cudaFreeHost(data); }
  PinnedInput(const PinnedInput&) = delete;
  PinnedInput& operator=(const PinnedInput&) = delete;
};

// Patterns per second of back-to-back runs (the next upload overlapping the current compute),
// for at least `seconds` and 3 runs.
double patterns_per_second(compute::Backend& backend, const float* input, int64_t batch, double seconds,
                           const std::function<void()>& wait) {
  const float* inputs[] = {input};
  for (int i = 0; i < 3; ++i) backend.run(inputs, batch);
  wait();
  int64_t runs = 0;
  const auto start = Clock::now();
  while (runs < 3 || seconds_since(start) < seconds) {
    backend.run(inputs, batch);
    ++runs;
    if (runs % 16 == 0) wait();  // keep the queue short
  }
  wait();
  return static_cast<double>(runs * batch) / seconds_since(start);
}

struct Peak {
  double gflops = 0.0;
  double gbs = 0.0;
};

Peak device_peak(const compute::cuda::CudaDevice& d) {
  const int lanes = compute::cuda::fp32_lanes_per_sm(d.major, d.minor);
  return {2.0 * d.multiprocessors * lanes * d.sm_clock_ghz, d.memory_bandwidth_gbs};
}

// One row per batch size: CUDA and CPU patterns/s, the ratio, the floor and the fraction of it.
void throughput(const std::string& label, const model::Graph& graph, const Peak& peak, double seconds,
                std::vector<std::string>& notes) {
  for (const int64_t batch : {int64_t{1}, int64_t{256}}) {
    const int64_t count = batch * element_count(graph.output_shape(graph.input_layers().at(0)));
    PinnedInput input(count);
    CudaBackend cuda;
    cuda.plan(graph, batch);
    const double gpu = patterns_per_second(cuda, input.data, batch, seconds, [&] { cuda.synchronize(); });
    compute::CpuBackend cpu;
    cpu.plan(graph, batch);
    const double host = patterns_per_second(cpu, input.data, batch, seconds / 2, [] {});
    const Cost cost = batch_cost(graph, batch);
    const double floor_s = std::max(cost.flops / (peak.gflops * 1e9), cost.bytes / (peak.gbs * 1e9));
    const double fraction = floor_s / (static_cast<double>(batch) / gpu);
    std::printf(
        "%-12s batch %3lld: cuda %12.0f patterns/s  cpu %10.0f patterns/s  x%-8.1f  %8.3f GFLOP  %9.1f MB"
        "  floor %9.1f us  %5.1f%% of floor (%s-bound)\n",
        label.c_str(), static_cast<long long>(batch), gpu, host, gpu / host, cost.flops * 1e-9, cost.bytes * 1e-6,
        floor_s * 1e6, 100.0 * fraction,
        cost.flops / (peak.gflops * 1e9) >= cost.bytes / (peak.gbs * 1e9) ? "compute" : "memory");
    char note[128];
    std::snprintf(note, sizeof note, "%s b%lld %.0f%% floor x%.0f cpu", label.c_str(), static_cast<long long>(batch),
                  100.0 * fraction, gpu / host);
    notes.push_back(note);
  }
}

// Latency of one pattern on the article's model: upload, every layer, wait; then the same with
// every cell the article shows published into device surfaces as one page (CUDA arrays: no
// map/unmap; one wait).
void latency(const model::Graph& graph, std::vector<std::string>& notes) {
  const int64_t size = element_count(graph.output_shape(graph.input_layers().at(0)));
  std::vector<float> pattern(static_cast<size_t>(size), 0.5f);
  const float* inputs[] = {pattern.data()};
  const std::vector<render::CellSpec> cells = render::shown_cells(graph, render::DisplayOptions{});
  std::vector<std::unique_ptr<testing::CudaArrayTarget>> targets;
  std::vector<PublishView> views;
  std::vector<RenderTarget*> pointers;
  for (const render::CellSpec& cell : cells) {
    targets.push_back(std::make_unique<testing::CudaArrayTarget>(cell.view.rows, cell.view.cols));
    views.push_back(cell.view);
    pointers.push_back(targets.back().get());
  }
  for (const bool graphs : {true, false}) {
    CudaBackend cuda;
    cuda.set_graphs_enabled(graphs);
    cuda.plan(graph, 1);
    const double compute_us = median_us(50, 500, [&] {
      cuda.run(inputs, 1);
      cuda.synchronize();
    });
    const double shown_us = median_us(50, 500, [&] {
      cuda.run(inputs, 1);
      cuda.publish_cells(views, pointers);
    });
    std::printf(
        "article latency, batch 1, %-15s: %7.1f us upload to every layer computed; %7.1f us with the %zu "
        "shown cells published (map/unmap excluded)\n",
        graphs ? "CUDA graph" : "direct launches", compute_us, shown_us, cells.size());
    if (graphs) {
      char note[96];
      std::snprintf(note, sizeof note, "article latency %.1f us (%.1f us with %zu cells)", compute_us, shown_us,
                    cells.size());
      notes.push_back(note);
    }
  }
}

// Interop cost per frame for a 3x3 page of registered GL textures (the viewer's default grid):
// map + unmap of the nine in one call each, as CudaBackend::publish_cells does (the issue's
// figure), beside the nine mapped and unmapped one at a time (the cost before pages were batched),
// then a whole page published (one map, the writes and reductions, one wait, one unmap).
void interop(const model::Graph& graph, std::vector<std::string>& notes) {
  constexpr size_t kPage = 9;
  render::EglContext context(0);
  std::printf("GL: %s\n", context.description().c_str());
  const std::vector<render::CellSpec> cells = render::shown_cells(graph, render::DisplayOptions{});
  if (cells.empty()) throw_internal("bench", "the article's model shows no cell");
  std::vector<PublishView> views;
  std::vector<std::unique_ptr<render::CudaTextureTarget>> targets;  // the production target
  std::vector<RenderTarget*> pointers;
  std::vector<cudaGraphicsResource_t> resources;
  for (size_t k = 0; k < kPage; ++k) {
    views.push_back(cells[k % cells.size()].view);
    targets.push_back(std::make_unique<render::CudaTextureTarget>(views.back().rows, views.back().cols));
    if (!targets.back()->registered()) throw_internal("bench", "the texture could not be registered with CUDA");
    pointers.push_back(targets.back().get());
    resources.push_back(static_cast<cudaGraphicsResource_t>(targets.back()->graphics_resource()));
  }
  CudaBackend cuda;
  cuda.plan(graph, 1);
  std::vector<float> pattern(static_cast<size_t>(element_count(graph.output_shape(graph.input_layers().at(0)))), 0.5f);
  const float* inputs[] = {pattern.data()};
  cuda.run(inputs, 1);
  auto stream = static_cast<cudaStream_t>(cuda.stream());
  auto check = [](cudaError_t error, const char* call) {
    if (error != cudaSuccess) throw_internal("bench", std::string(call) + " failed: " + cudaGetErrorString(error));
  };
  const int n = static_cast<int>(kPage);
  const double page_us = median_us(20, 500, [&] {
    check(cudaGraphicsMapResources(n, resources.data(), stream), "cudaGraphicsMapResources");
    check(cudaGraphicsUnmapResources(n, resources.data(), stream), "cudaGraphicsUnmapResources");
    check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
  });
  const double one_by_one_us = median_us(20, 500, [&] {
    for (cudaGraphicsResource_t& resource : resources) {
      check(cudaGraphicsMapResources(1, &resource, stream), "cudaGraphicsMapResources");
      check(cudaGraphicsUnmapResources(1, &resource, stream), "cudaGraphicsUnmapResources");
    }
    check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
  });
  const CudaBackend::PublishCounts before = cuda.publish_counts();
  int64_t calls = 0;
  const double publish_us = median_us(20, 500, [&] {
    cuda.publish_cells(views, pointers);
    ++calls;
  });
  const CudaBackend::PublishCounts after = cuda.publish_counts();
  const auto per_page = [&](int64_t count) { return static_cast<double>(count) / static_cast<double>(calls); };
  std::printf(
      "interop, 3x3 page of R32F textures (the article's shown cells, %zu of them, cycled; %lldx%lld first): "
      "map + unmap %.1f us per frame, one call each (%.1f us per cell); one texture at a time %.1f us per "
      "frame (%.1f us per cell); whole page published %.1f us (per page: %.1f map calls, %.1f waits, %.1f "
      "unmap calls)\n",
      cells.size(), static_cast<long long>(views[0].rows), static_cast<long long>(views[0].cols), page_us, page_us / n,
      one_by_one_us, one_by_one_us / n, publish_us, per_page(after.map_calls - before.map_calls),
      per_page(after.stream_waits - before.stream_waits), per_page(after.unmap_calls - before.unmap_calls));
  char note[96];
  std::snprintf(note, sizeof note, "interop %.1f us/frame (3x3 page; %.1f us/cell)", page_us, page_us / n);
  notes.push_back(note);
}

int run(int argc, char** argv) {
  std::string article = CEREBRO_ARTICLE_MODEL;
  double seconds = 0.5;
  std::string parts = "article,large_mlp,small_cnn,latency,interop";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--article") == 0) article = argv[i + 1];
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::stod(argv[i + 1]);
    if (std::strcmp(argv[i], "--parts") == 0) parts = argv[i + 1];
  }
  const compute::GpuStatus status = compute::cuda_gpu_status();
  if (status.description.empty()) {
    std::printf("no usable CUDA GPU: %s\ngpu-check note: no GPU\n", status.why.c_str());
    return 1;
  }
  CudaBackend probe;
  const Peak peak = device_peak(probe.device());
  std::printf("%s: fp32 peak %.0f GFLOP/s (%d lanes/SM x %d SMs x 2 x %.2f GHz), memory %.0f GB/s\n",
              status.description.c_str(), peak.gflops,
              compute::cuda::fp32_lanes_per_sm(probe.device().major, probe.device().minor),
              probe.device().multiprocessors, probe.device().sm_clock_ghz, peak.gbs);
  std::vector<std::string> notes;
  int failed = 0;
  auto part = [&](const std::string& name, const std::function<void()>& body) {
    if (("," + parts + ",").find("," + name + ",") == std::string::npos) return;
    try {
      body();
    } catch (const std::exception& error) {
      std::printf("%s FAILED: %s\n", name.c_str(), error.what());
      notes.push_back(name + " FAILED");
      failed = 1;
    }
  };
  part("article", [&] { throughput("article", io::load_model(article), peak, seconds, notes); });
  part("large_mlp", [&] { throughput("large_mlp", large_mlp(), peak, seconds, notes); });
  part("small_cnn", [&] { throughput("small_cnn", small_cnn(), peak, seconds, notes); });
  part("latency", [&] { latency(io::load_model(article), notes); });
  part("interop", [&] { interop(io::load_model(article), notes); });
  std::string line;
  for (const std::string& note : notes) line += (line.empty() ? "" : "; ") + note;
  std::printf("gpu-check note: %s\n", line.c_str());
  return failed;
}

}  // namespace
}  // namespace cerebro::bench

int main(int argc, char** argv) {
  try {
    return cerebro::bench::run(argc, argv);
  } catch (const std::exception& error) {
    std::printf("cerebro_gpu_bench: %s\n", error.what());
    return 1;
  }
}
