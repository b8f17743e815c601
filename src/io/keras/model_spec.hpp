#pragma once
// A Keras model config (the JSON every Keras generation stores) parsed into a tree: the model's
// layers in Keras' own order, each a layer kind built from its config or a nested model, with the
// tensors each call consumes. Weight loaders walk this tree (nested models keep their weights in
// format-specific places); build_graph.hpp expands it into a model::Graph.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/layer.hpp"

namespace cerebro::io {

struct KerasContext {
  std::string file;           // for error messages
  std::string keras_version;  // as the file records it; may be empty
  int keras_major = 2;        // 2 for Keras 2.x and tf.keras, 3 for Keras 3
};

// "2.0.4" -> 2; unknown or empty -> 2 (Keras 1 files are refused by the caller).
int keras_major_version(const std::string& keras_version);

// One tensor a call consumes: output `tensor` of call `call` of layer `layer` (an index into the
// enclosing model's layers). The call index is already corrected for Keras 2's numbering quirk.
struct TensorRef {
  int layer = 0;
  int call = 0;
  int tensor = 0;
};

struct ModelSpec;

struct LayerSpec {
  std::string name;
  std::string keras_class;
  std::shared_ptr<model::Layer> layer;     // a layer kind; null for a nested model
  std::shared_ptr<ModelSpec> nested;       // a model used as a layer
  std::vector<std::vector<TensorRef>> calls;  // Functional members: the inputs of each call
  bool implicit_input = false;              // the InputLayer Keras 2 makes for a Sequential
  std::vector<int> nodes;                   // graph nodes standing for it (filled by build_graph)
};

struct ModelSpec {
  std::string name;
  std::string keras_class;  // "Sequential", "Functional" or "Model"
  bool sequential = false;
  bool trainable = true;
  // Keras' model.layers order, plus a Sequential's InputLayer first (explicit or implicit).
  std::vector<LayerSpec> layers;
  std::vector<TensorRef> inputs;   // Functional: the model's inputs (InputLayers), in order
  std::vector<TensorRef> outputs;  // Functional: the model's outputs, in order
};

// Parses a model config ({"class_name": "Sequential" | "Functional" | "Model", "config": ...}).
// Layer kinds are created here: an unknown or code-carrying class is an error naming the layer.
std::shared_ptr<ModelSpec> parse_model(const nlohmann::json& model_config, const KerasContext& context);

// Whether a class name denotes a model (which may appear as a layer of another model).
bool is_model_class(const std::string& keras_class);

}  // namespace cerebro::io
