#pragma once
// From a Keras model config (the JSON every Keras generation stores) to a model::Graph without
// weights. Handles Sequential (a bare list or {name, layers}) and Functional ("Model" in Keras 2,
// "Functional" in tf.keras and Keras 3) with both inbound_nodes forms.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/graph.hpp"

namespace cerebro::io {

struct KerasContext {
  std::string file;     // for error messages
  int keras_major = 2;  // 2 for Keras 2.x and tf.keras, 3 for Keras 3
};

model::Graph build_graph(const nlohmann::json& model_config, const KerasContext& context);

// "2.0.4" -> 2; unknown or empty -> 2 (Keras 1 files are refused by the caller).
int keras_major_version(const std::string& keras_version);

}  // namespace cerebro::io
