// Fuzz target: a Keras model config (the JSON of model.to_json(), an .h5's model_config attribute,
// a .keras file's config.json) through io::parse_model and io::build_graph: layer kinds built from
// their configs, shapes inferred, the Functional graph resolved. No weights.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/error.hpp"
#include "io/keras/build_graph.hpp"
#include "io/keras/model_spec.hpp"

namespace {

// The Keras generation, as the loaders find it: keras_version where the file records one, else
// Keras 3 (what writes configs without it).
cerebro::io::KerasContext context_of(const nlohmann::json& config) {
  std::string version;
  const auto found = config.find("keras_version");
  if (found != config.end() && found->is_string()) version = found->get<std::string>();
  return {"fuzz.json", version, version.empty() ? 3 : cerebro::io::keras_major_version(version)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const nlohmann::json config = nlohmann::json::parse(data, data + size, nullptr, false);
  if (config.is_discarded() || !config.is_object()) return 0;  // the loaders refuse these first
  try {
    const cerebro::io::KerasContext context = context_of(config);
    const std::shared_ptr<cerebro::io::ModelSpec> spec = cerebro::io::parse_model(config, context);
    const cerebro::model::Graph graph = cerebro::io::build_graph(*spec, context);
    if (graph.input_layers().empty()) {
      cerebro::throw_internal("fuzz.json", "build_graph returned a graph without inputs");
    }
  } catch (const cerebro::Error& error) {
    if (error.kind() == cerebro::ErrorKind::Internal) throw;
  }
  return 0;
}
