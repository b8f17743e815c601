#include "compute/backend.hpp"

#include <unistd.h>

#include <atomic>

#include "compute/cpu/cpu_backend.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#ifdef CEREBRO_WITH_CUDA
#include "compute/cuda/cuda_backend.hpp"
#endif

namespace cerebro::compute {

void check_supported(const Backend& backend, const model::Graph& graph) {
  for (int i = 0; i < graph.size(); ++i) {
    const model::Layer& layer = graph.layer(i);
    if (!backend.supports(layer)) {
      throw_unsupported(graph.source_file() + ": layer '" + layer.name() + "' (" + layer.keras_class() + ")",
                        "the " + std::string(backend.name()) + " backend cannot run this layer");
    }
  }
}

namespace {

std::atomic<GpuFallbackNotice> g_fallback_notice{GpuFallbackNotice::Always};

}  // namespace

void set_gpu_fallback_notice(GpuFallbackNotice notice) { g_fallback_notice = notice; }

bool cuda_compiled_in() {
#ifdef CEREBRO_WITH_CUDA
  return true;
#else
  return false;
#endif
}

GpuStatus cuda_gpu_status() {
#ifdef CEREBRO_WITH_CUDA
  const cuda::DeviceProbe& probe = cuda::probe_cuda_device();
  if (probe.device) return {cuda::describe(*probe.device), ""};
  return {"", probe.why};
#else
  return {"", "this cerebro was built without CUDA support"};
#endif
}

std::unique_ptr<Backend> make_backend(std::string_view which) {
  if (which == "cpu") return std::make_unique<CpuBackend>();
  if (which == "auto") {
#ifdef CEREBRO_WITH_CUDA
    if (cuda::probe_cuda_device().device) {
      try {
        return std::make_unique<cuda::CudaBackend>();
      } catch (const Error& error) {
        log_warning(std::string("the CUDA backend failed to start (") + error.what() + "): running on the CPU");
        return std::make_unique<CpuBackend>();
      }
    }
    static std::atomic<bool> said{false};  // the probe's answer never changes: say it once
    const bool wanted = g_fallback_notice == GpuFallbackNotice::Always || isatty(STDERR_FILENO) == 1;
    if (wanted && !said.exchange(true)) {
      log_warning("no usable CUDA GPU (" + cuda::probe_cuda_device().why + "): running on the CPU");
    }
#endif
    return std::make_unique<CpuBackend>();
  }
  if (which == "cuda") {
#ifdef CEREBRO_WITH_CUDA
    return std::make_unique<cuda::CudaBackend>();  // throws Unsupported without a usable GPU
#else
    throw_unsupported("--backend cuda", "this cerebro was built without CUDA support");
#endif
  }
  throw_bad_input("--backend", "unknown backend '" + std::string(which) + "' (auto, cpu or cuda)");
}

std::unique_ptr<Backend> make_backend(std::string_view which, const model::Graph& graph) {
  std::unique_ptr<Backend> backend = make_backend(which);
  if (which == "auto" && backend->name() != "cpu") {
    for (int i = 0; i < graph.size(); ++i) {
      if (backend->supports(graph.layer(i))) continue;
      log_warning("the " + std::string(backend->name()) + " backend cannot run layer '" + graph.node_name(i) + "' (" +
                  graph.layer(i).keras_class() + "): running on the CPU");
      backend = std::make_unique<CpuBackend>();
      break;
    }
  }
  check_supported(*backend, graph);
  return backend;
}

}  // namespace cerebro::compute
