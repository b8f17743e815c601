#pragma once
#include <string>

#include "model/graph.hpp"

namespace cerebro::io {

// Loads a Keras model, whichever generation wrote it: a full-model .h5 (Keras 2.0 to 3.x), a
// Keras 3 .keras zip, or a model.to_json() architecture (.json, which needs `weights_path`).
// `weights_path`, when given, supplies the weights instead of the model file's own:
//   - a save_weights .h5 in the legacy layout (root attribute layer_names): matched by layer name;
//   - a Keras 3 .weights.h5: matched by position in the model's layer list, as Keras does;
//   - another full-model .h5 or .keras file of the same architecture.
// Errors name the file (and the layer, with both shapes, when weights do not fit).
model::Graph load_model(const std::string& path, const std::string& weights_path = {});

}  // namespace cerebro::io
