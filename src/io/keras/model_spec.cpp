#include "io/keras/model_spec.hpp"

#include <map>

#include "core/error.hpp"
#include "model/layer_registry.hpp"
#include "model/layers/input_layer.hpp"

namespace cerebro::io {
namespace {

using nlohmann::json;

constexpr int kMaxNesting = 32;  // a hostile config must not exhaust the stack

const json& require(const json& object, const char* key, const std::string& where) {
  if (!object.is_object() || !object.contains(key)) throw_bad_input(where, std::string("model config has no '") + key + "'");
  return object.at(key);
}

std::string string_field(const json& object, const char* key, const std::string& fallback) {
  if (object.is_object() && object.contains(key) && object[key].is_string()) return object[key].get<std::string>();
  return fallback;
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

std::shared_ptr<ModelSpec> parse_at(const json& model_config, const KerasContext& context, int depth);

LayerSpec make_member(const json& layer, const KerasContext& context, int depth) {
  LayerSpec spec;
  spec.keras_class = class_name(layer, context.file);
  spec.name = layer_name(layer, context.file);
  if (is_model_class(spec.keras_class)) {
    spec.nested = parse_at(layer, context, depth + 1);
    spec.nested->name = spec.name;
  } else {
    spec.layer = model::create_layer(model::LayerConfig{spec.keras_class, spec.name, require(layer, "config", context.file),
                                                        context.keras_major, context.file});
  }
  return spec;
}

LayerSpec implicit_input(const std::string& name, Shape shape) {
  LayerSpec spec;
  spec.name = name;
  spec.keras_class = "InputLayer";
  spec.layer = std::make_shared<model::InputLayer>(name, std::move(shape));
  spec.implicit_input = true;
  return spec;
}

// The input shape a Keras 3 Sequential built without an InputLayer records ("build_input_shape"
// in its config, or build_config.input_shape beside it); empty when there is none.
Shape build_input_shape(const json& model_json, const json& config, const KerasContext& context) {
  const json* dims = nullptr;
  if (config.is_object() && config.contains("build_input_shape")) dims = &config["build_input_shape"];
  if (!dims && model_json.contains("build_config") && model_json["build_config"].is_object() &&
      model_json["build_config"].contains("input_shape")) {
    dims = &model_json["build_config"]["input_shape"];
  }
  if (!dims || !dims->is_array() || dims->size() < 2) return {};
  const json holder = {{"batch_shape", *dims}};
  return model::declared_input_shape(model::LayerConfig{"Sequential", "build_input_shape", holder, context.keras_major, context.file});
}

std::shared_ptr<ModelSpec> parse_sequential(const json& model_json, const json& config, const KerasContext& context,
                                            int depth) {
  // Keras 2.0-2.1 store the layer list bare; later versions wrap it as {name, layers}.
  const json& layers = config.is_array() ? config : require(config, "layers", context.file);
  if (!layers.is_array() || layers.empty()) throw_bad_input(context.file, "Sequential model has no layers");
  auto spec = std::make_shared<ModelSpec>();
  spec->sequential = true;
  spec->keras_class = "Sequential";
  spec->name = string_field(config, "name", "sequential");
  spec->trainable = !config.is_object() || !config.contains("trainable") || config["trainable"] != false;
  for (const json& layer : layers) {
    if (spec->layers.empty() && class_name(layer, context.file) != "InputLayer") {
      // No InputLayer in the file: Keras 2 builds one from the first layer's batch_input_shape and
      // names it "<first layer>_input"; Keras 3 from the recorded build shape.
      const std::string first = layer_name(layer, context.file);
      Shape shape = is_model_class(class_name(layer, context.file))
                        ? Shape{}
                        : model::declared_input_shape(model::LayerConfig{class_name(layer, context.file), first,
                                                                         require(layer, "config", context.file),
                                                                         context.keras_major, context.file});
      if (!shape.empty()) {
        spec->layers.push_back(implicit_input(first + "_input", std::move(shape)));
      } else if (Shape built = build_input_shape(model_json, config, context); !built.empty()) {
        spec->layers.push_back(implicit_input("input_layer", std::move(built)));
      }
    }
    spec->layers.push_back(make_member(layer, context, depth));
  }
  return spec;
}

// Keras 2 numbers a nested model's calls from 1 when the model is a graph network: its first node
// is the one linking its own input to its output, which the config leaves out. Keras 2.0-2.3
// (network.py get_config: kept_nodes = 1 for every Network) always does; tf.keras when the model
// was built on an input (_should_skip_first_node): a Functional model always, a Sequential one
// when its config starts with an InputLayer or its first layer declares batch_input_shape.
// Keras 3 numbers calls from 0.
int node_offset(const LayerSpec& layer, const json& layer_json, const KerasContext& context) {
  if (context.keras_major >= 3 || !layer.nested) return 0;
  const std::string& v = context.keras_version;
  const bool multi_backend = v.size() >= 3 && v[0] == '2' && v[1] == '.' && v[2] >= '0' && v[2] <= '3' &&
                             (v.size() == 3 || v[3] == '.') && v.find("-tf") == std::string::npos;
  if (multi_backend || !layer.nested->sequential) return 1;
  const json& config = layer_json.at("config");
  const json inner = config.is_array() ? config : config.value("layers", json::array());
  if (inner.empty() || !inner[0].is_object()) return 0;
  if (inner[0].contains("class_name") && inner[0]["class_name"] == "InputLayer") return 1;
  const json first = inner[0].value("config", json::object());
  return first.is_object() && first.contains("batch_input_shape") ? 1 : 0;
}

struct RawRef {
  std::string layer;
  int64_t node = 0;
  int64_t tensor = 0;
};

bool is_ref(const json& value) {
  return value.is_array() && value.size() >= 3 && value[0].is_string() && value[1].is_number_integer() &&
         value[2].is_number_integer();
}

// Every [name, node, tensor] inside a structure (lists, or dicts in key order as Keras flattens them).
void collect_refs(const json& value, std::vector<RawRef>& refs) {
  if (is_ref(value)) {
    refs.push_back({value[0].get<std::string>(), value[1].get<int64_t>(), value[2].get<int64_t>()});
  } else if (value.is_array() || value.is_object()) {
    for (const json& item : value) collect_refs(item, refs);
  }
}

// Keras 3 call arguments: tensors are {"class_name": "__keras_tensor__", "config": {...,
// "keras_history": [name, node, tensor]}} anywhere in the arguments.
void collect_keras_tensors(const json& value, std::vector<RawRef>& refs) {
  if (value.is_object()) {
    if (value.contains("keras_history") && is_ref(value["keras_history"])) {
      collect_refs(value["keras_history"], refs);
      return;
    }
    for (const json& item : value) collect_keras_tensors(item, refs);
  } else if (value.is_array()) {
    for (const json& item : value) collect_keras_tensors(item, refs);
  }
}

std::vector<RawRef> call_inputs(const json& node, const std::string& where) {
  std::vector<RawRef> refs;
  if (node.is_object()) {
    collect_keras_tensors(node.value("args", json::array()), refs);
    std::vector<RawRef> keyword;
    collect_keras_tensors(node.value("kwargs", json::object()), keyword);
    if (!keyword.empty()) throw_unsupported(where, "a tensor is passed as a keyword argument ('" + keyword[0].layer + "')");
  } else if (node.is_array()) {
    // Keras 2: [[name, node, tensor, kwargs], ...]; the kwargs hold no tensors cerebro needs.
    collect_refs(node, refs);
  } else {
    throw_bad_input(where, "inbound node has an unknown form");
  }
  if (refs.empty()) throw_bad_input(where, "a call of this layer has no input tensors");
  return refs;
}

class FunctionalParser {
 public:
  FunctionalParser(const json& config, const KerasContext& context) : config_(config), context_(context) {}

  std::shared_ptr<ModelSpec> parse(int depth) {
    const json& layers = require(config_, "layers", context_.file);
    if (!layers.is_array() || layers.empty()) throw_bad_input(context_.file, "model has no layers");
    spec_ = std::make_shared<ModelSpec>();
    spec_->keras_class = "Functional";
    spec_->name = string_field(config_, "name", "model");
    spec_->trainable = !config_.contains("trainable") || config_["trainable"] != false;
    for (const json& layer : layers) {
      spec_->layers.push_back(make_member(layer, context_, depth));
      const std::string& name = spec_->layers.back().name;
      if (!index_.emplace(name, static_cast<int>(spec_->layers.size()) - 1).second) {
        throw_bad_input(context_.file + ": layer '" + name + "'", "two layers share this name");
      }
      offsets_.push_back(node_offset(spec_->layers.back(), layer, context_));
    }
    for (size_t i = 0; i < layers.size(); ++i) call_counts_.push_back(call_count(layers[i], spec_->layers[i]));
    for (size_t i = 0; i < layers.size(); ++i) parse_calls(layers[i], spec_->layers[i]);
    spec_->inputs = endpoints("input_layers");
    spec_->outputs = endpoints("output_layers");
    return spec_;
  }

 private:
  static size_t call_count(const json& layer, const LayerSpec& spec) {
    if (spec.keras_class == "InputLayer") return 1;  // its one "call" is the model input itself
    const json nodes = layer.value("inbound_nodes", json::array());
    return nodes.is_array() ? nodes.size() : 0;
  }

  std::string where(const std::string& layer) const { return context_.file + ": layer '" + layer + "'"; }

  TensorRef resolve(const RawRef& raw, const std::string& context) const {
    auto it = index_.find(raw.layer);
    if (it == index_.end()) throw_bad_input(context, "its input '" + raw.layer + "' is not a layer of the model");
    const LayerSpec& source = spec_->layers[static_cast<size_t>(it->second)];
    // Keras 2 maps any reference to an InputLayer to its single node (get_node_index).
    const int64_t call = source.keras_class == "InputLayer" ? 0 : raw.node - offsets_[static_cast<size_t>(it->second)];
    const size_t count = call_counts_[static_cast<size_t>(it->second)];
    if (call < 0 || static_cast<size_t>(call) >= count) {
      throw_bad_input(context, "refers to call " + std::to_string(raw.node) + " of '" + raw.layer + "', which is called " +
                                   std::to_string(count) + " time(s)");
    }
    if (raw.tensor < 0 || raw.tensor > (1 << 20)) throw_bad_input(context, "refers to an invalid tensor index");
    return TensorRef{it->second, static_cast<int>(call), static_cast<int>(raw.tensor)};
  }

  void parse_calls(const json& layer, LayerSpec& spec) {
    const std::string context = where(spec.name);
    if (spec.keras_class == "InputLayer") {
      spec.calls.assign(1, {});
      return;
    }
    if (!layer.contains("inbound_nodes")) throw_bad_input(context, "has no inbound_nodes (not a Functional model member?)");
    const json& nodes = layer["inbound_nodes"];
    if (!nodes.is_array()) throw_bad_input(context, "inbound_nodes is not a list");
    if (nodes.empty()) throw_bad_input(context, "is never called in the model");
    for (const json& node : nodes) {
      std::vector<TensorRef> inputs;
      for (const RawRef& raw : call_inputs(node, context)) inputs.push_back(resolve(raw, context));
      spec.calls.push_back(std::move(inputs));
    }
  }

  std::vector<TensorRef> endpoints(const char* key) const {
    std::vector<RawRef> raw;
    collect_refs(require(config_, key, context_.file), raw);
    if (raw.empty()) throw_bad_input(context_.file, std::string("model config lists no ") + key);
    std::vector<TensorRef> refs;
    for (const RawRef& r : raw) refs.push_back(resolve(r, context_.file + ": model " + key));
    return refs;
  }

  const json& config_;
  const KerasContext& context_;
  std::shared_ptr<ModelSpec> spec_;
  std::map<std::string, int> index_;
  std::vector<int> offsets_;
  std::vector<size_t> call_counts_;
};

std::shared_ptr<ModelSpec> parse_at(const json& model_config, const KerasContext& context, int depth) {
  if (depth > kMaxNesting) throw_bad_input(context.file, "models are nested too deeply");
  const std::string cls = class_name(model_config, context.file);
  const json& config = require(model_config, "config", context.file);
  if (cls == "Sequential") return parse_sequential(model_config, config, context, depth);
  if (cls == "Model" || cls == "Functional") {
    auto spec = FunctionalParser(config, context).parse(depth);
    spec->keras_class = cls;
    return spec;
  }
  throw_unsupported(context.file, "model class '" + cls + "' is not supported (only Sequential and Functional models)");
}

}  // namespace

int keras_major_version(const std::string& keras_version) {
  int major = 0;
  size_t i = 0;
  for (; i < keras_version.size() && i < 4 && keras_version[i] >= '0' && keras_version[i] <= '9'; ++i) {
    major = major * 10 + (keras_version[i] - '0');
  }
  return i == 0 ? 2 : major;
}

bool is_model_class(const std::string& keras_class) {
  return keras_class == "Sequential" || keras_class == "Functional" || keras_class == "Model";
}

std::shared_ptr<ModelSpec> parse_model(const json& model_config, const KerasContext& context) {
  try {
    return parse_at(model_config, context, 0);
  } catch (const json::exception& e) {
    // A value of the wrong JSON type that no check above caught (nlohmann throws type_error from
    // get<> and value()): still a fault of the file, not an internal error.
    throw_bad_input(context.file, std::string("malformed model config: ") + e.what());
  }
}

}  // namespace cerebro::io
