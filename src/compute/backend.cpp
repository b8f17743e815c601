#include "compute/backend.hpp"

#include "compute/cpu/cpu_backend.hpp"
#include "core/error.hpp"

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

bool cuda_compiled_in() {
#ifdef CEREBRO_WITH_CUDA
  return true;
#else
  return false;
#endif
}

std::unique_ptr<Backend> make_backend(std::string_view which) {
  if (which == "cpu" || which == "auto") return std::make_unique<CpuBackend>();
  if (which == "cuda") {
    throw_unsupported("--backend cuda", cuda_compiled_in() ? "the CUDA backend is not implemented yet"
                                                           : "this cerebro was built without CUDA support");
  }
  throw_bad_input("--backend", "unknown backend '" + std::string(which) + "' (auto, cpu or cuda)");
}

}  // namespace cerebro::compute
