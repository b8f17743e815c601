#include "io/keras/config_builder.hpp"

#include <map>

#include "core/error.hpp"
#include "model/layer_registry.hpp"
#include "model/layers/input_layer.hpp"

namespace cerebro::io {
namespace {

using nlohmann::json;

const json& require(const json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) throw_bad_input(where, std::string("model config has no '") + key + "'");
  return object.at(key);
}

std::string layer_name(const json& layer, const std::string& where) {
  const json& config = require(layer, "config", where);
  if (layer.contains("name") && layer["name"].is_string()) return layer["name"].get<std::string>();
  const json& name = require(config, "name", where);
  if (!name.is_string()) throw_bad_input(where, "a layer name is not a string");
  return name.get<std::string>();
}

std::string class_name(const json& layer, const std::string& where) {
  const json& name = require(layer, "class_name", where);
  if (!name.is_string()) throw_bad_input(where, "a layer class_name is not a string");
  return name.get<std::string>();
}

std::unique_ptr<model::Layer> make_layer(const json& layer, const KerasContext& context) {
  const std::string cls = class_name(layer, context.file);
  if (cls == "Sequential" || cls == "Functional" || cls == "Model") {
    throw_unsupported(context.file + ": layer '" + layer_name(layer, context.file) + "' (" + cls + ")",
                      "nested models are not supported yet");
  }
  model::LayerConfig config{cls, layer_name(layer, context.file), require(layer, "config", context.file),
                            context.keras_major, context.file};
  return model::create_layer(config);
}

model::Graph build_sequential(const json& config, const KerasContext& context) {
  // Keras 2.0-2.1 store the layer list bare; later versions wrap it as {name, layers}.
  const json& layers = config.is_array() ? config : require(config, "layers", context.file);
  if (!layers.is_array() || layers.empty()) throw_bad_input(context.file, "Sequential model has no layers");
  model::Graph graph;
  graph.set_sequential(true);
  graph.set_name(config.is_object() && config.contains("name") && config["name"].is_string()
                     ? config["name"].get<std::string>()
                     : "sequential");
  int previous = -1;
  for (const json& layer : layers) {
    if (previous < 0 && class_name(layer, context.file) != "InputLayer") {
      // No InputLayer in the file: Keras builds one from the first layer's batch_input_shape and
      // names it "<first layer>_input".
      const std::string first = layer_name(layer, context.file);
      model::LayerConfig first_config{class_name(layer, context.file), first, require(layer, "config", context.file),
                                      context.keras_major, context.file};
      Shape shape = model::declared_input_shape(first_config);
      if (shape.empty()) throw_bad_input(first_config.context(), "first layer of a Sequential model declares no input shape");
      previous = graph.add(std::make_unique<model::InputLayer>(first + "_input", std::move(shape)), {});
    }
    std::vector<int> inputs;
    if (previous >= 0) inputs.push_back(previous);
    previous = graph.add(make_layer(layer, context), std::move(inputs));
  }
  graph.set_outputs({previous});
  return graph;
}

// The names of the layers feeding one call of a layer. Keras 2 / tf.keras: [[name, node, tensor,
// kwargs], ...]; Keras 3: {"args": [...], "kwargs": {...}} with keras_history [name, node, tensor]
// somewhere inside the arguments.
void collect_keras3_history(const json& value, std::vector<std::string>& names) {
  if (value.is_object()) {
    if (value.contains("keras_history") && value["keras_history"].is_array() && !value["keras_history"].empty() &&
        value["keras_history"][0].is_string()) {
      names.push_back(value["keras_history"][0].get<std::string>());
      return;
    }
    for (const auto& item : value.items()) collect_keras3_history(item.value(), names);
  } else if (value.is_array()) {
    for (const json& item : value) collect_keras3_history(item, names);
  }
}

std::vector<std::string> inbound_layer_names(const json& layer, const std::string& where) {
  std::vector<std::string> names;
  if (!layer.contains("inbound_nodes")) return names;
  const json& nodes = layer["inbound_nodes"];
  if (!nodes.is_array()) throw_bad_input(where, "inbound_nodes is not a list");
  if (nodes.empty()) return names;
  if (nodes.size() > 1) throw_unsupported(where, "layer is called more than once (shared layers are not supported yet)");
  const json& node = nodes[0];
  if (node.is_object()) {
    collect_keras3_history(node.contains("args") ? node["args"] : json::array(), names);
    return names;
  }
  if (!node.is_array()) throw_bad_input(where, "inbound node has an unknown form");
  for (const json& tensor : node) {
    if (!tensor.is_array() || tensor.empty() || !tensor[0].is_string()) throw_bad_input(where, "inbound tensor has an unknown form");
    names.push_back(tensor[0].get<std::string>());
  }
  return names;
}

// ["name", 0, 0] or [["name", 0, 0], ...] -> names.
std::vector<std::string> endpoint_names(const json& endpoints, const std::string& where) {
  std::vector<std::string> names;
  if (!endpoints.is_array()) throw_bad_input(where, "model inputs/outputs are not a list");
  if (!endpoints.empty() && endpoints[0].is_string()) return {endpoints[0].get<std::string>()};
  for (const json& endpoint : endpoints) {
    if (!endpoint.is_array() || endpoint.empty() || !endpoint[0].is_string()) throw_bad_input(where, "model input/output has an unknown form");
    names.push_back(endpoint[0].get<std::string>());
  }
  return names;
}

model::Graph build_functional(const json& config, const KerasContext& context) {
  const json& layers = require(config, "layers", context.file);
  if (!layers.is_array() || layers.empty()) throw_bad_input(context.file, "model has no layers");
  model::Graph graph;
  graph.set_name(config.contains("name") && config["name"].is_string() ? config["name"].get<std::string>() : "model");

  // Add layers once all their inputs exist, so any listing order works; whatever is left when no
  // progress is possible is a cycle or names a missing layer.
  std::map<std::string, int> added;
  std::vector<bool> done(layers.size(), false);
  for (size_t remaining = layers.size(); remaining > 0;) {
    bool progressed = false;
    for (size_t i = 0; i < layers.size(); ++i) {
      if (done[i]) continue;
      const std::string name = layer_name(layers[i], context.file);
      const std::string where = context.file + ": layer '" + name + "'";
      std::vector<int> inputs;
      bool ready = true;
      for (const std::string& input : inbound_layer_names(layers[i], where)) {
        auto it = added.find(input);
        if (it == added.end()) {
          ready = false;
          break;
        }
        inputs.push_back(it->second);
      }
      if (!ready) continue;
      added[name] = graph.add(make_layer(layers[i], context), std::move(inputs));
      done[i] = progressed = true;
      --remaining;
    }
    if (!progressed) {
      for (size_t i = 0; i < layers.size(); ++i) {
        if (!done[i]) {
          throw_bad_input(context.file + ": layer '" + layer_name(layers[i], context.file) + "'",
                          "its inputs form a cycle or name a layer that does not exist");
        }
      }
    }
  }
  std::vector<int> outputs;
  for (const std::string& name : endpoint_names(require(config, "output_layers", context.file), context.file)) {
    auto it = added.find(name);
    if (it == added.end()) throw_bad_input(context.file, "model output '" + name + "' is not a layer");
    outputs.push_back(it->second);
  }
  graph.set_outputs(std::move(outputs));
  return graph;
}

}  // namespace

int keras_major_version(const std::string& keras_version) {
  if (keras_version.empty() || keras_version[0] < '0' || keras_version[0] > '9') return 2;
  return std::stoi(keras_version.substr(0, keras_version.find('.')));
}

model::Graph build_graph(const json& model_config, const KerasContext& context) {
  const std::string cls = class_name(model_config, context.file);
  const json& config = require(model_config, "config", context.file);
  model::Graph graph = (cls == "Sequential") ? build_sequential(config, context)
                       : (cls == "Model" || cls == "Functional")
                           ? build_functional(config, context)
                           : throw Error(ErrorKind::Unsupported, context.file, "model class '" + cls + "' is not supported");
  graph.set_source_file(context.file);
  return graph;
}

}  // namespace cerebro::io
