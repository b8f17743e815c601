#include "io/keras/legacy_h5.hpp"

#include <algorithm>
#include <map>

#include "core/error.hpp"
#include "io/keras/weight_slots.hpp"

namespace cerebro::io {
namespace {

std::string optional_attribute(const H5File& file, const std::string& object, const std::string& name) {
  return file.has_attribute(object, name) ? file.string_attribute(object, name) : std::string();
}

std::string layer_context(const H5File& file, const LayerSpec& member) {
  return file.path() + ": layer '" + member.name + "' (" + member.keras_class + ")";
}

std::string known_layers(const H5File& file, const std::string& group) {
  std::vector<std::string> names;
  if (file.has_attribute(group, "layer_names")) names = file.string_list_attribute(group, "layer_names");
  std::string text;
  for (size_t i = 0; i < names.size() && i < 12; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > 12) text += ", ...";
  return text.empty() ? "none" : text;
}

std::vector<model::Weight> read_weights(const H5File& file, const std::string& layer_group) {
  std::vector<model::Weight> weights;
  for (const std::string& weight_name : file.string_list_attribute(layer_group, "weight_names")) {
    FloatArray array = file.read_floats(layer_group + "/" + weight_name);
    weights.push_back(model::Weight{weight_name, std::move(array.shape), std::move(array.values)});
  }
  return weights;
}

// A nested model's weights, listed flat in its subgroup, dealt out to its layers.
void apply_nested(const H5File& file, const std::string& layer_group, const LayerSpec& member, model::Graph& graph) {
  const std::vector<WeightSlot> slots = legacy_weight_order(*member.nested, graph);
  if (slots.empty()) return;
  std::vector<model::Weight> weights = read_weights(file, layer_group);
  if (weights.size() != slots.size()) {
    throw_bad_input(layer_context(file, member), "has " + std::to_string(weights.size()) +
                                                     " weights in the file, its layers need " + std::to_string(slots.size()));
  }
  // Owners in model order (slots are in file order), so the first layer that does not fit is named.
  std::vector<const LayerSpec*> owners;
  std::map<const LayerSpec*, std::vector<model::Weight>> per_layer;
  for (const WeightSlot& slot : slots) {
    if (per_layer[slot.owner].empty()) owners.push_back(slot.owner);
    per_layer[slot.owner].resize(slot.count);
  }
  std::sort(owners.begin(), owners.end(), [&](const LayerSpec* a, const LayerSpec* b) {
    return a->nodes.front() < b->nodes.front();
  });
  for (size_t i = 0; i < slots.size(); ++i) per_layer[slots[i].owner][slots[i].index] = std::move(weights[i]);
  for (const LayerSpec* owner : owners) graph.set_weights(owner->nodes.front(), std::move(per_layer[owner]), file.path());
}

}  // namespace

KerasContext legacy_h5_context(const H5File& file, const std::string& object) {
  KerasContext context{file.path(), optional_attribute(file, object, "keras_version"), 2};
  if (!context.keras_version.empty() && context.keras_version[0] == '1') {
    throw_unsupported(file.path(), "was written by Keras " + context.keras_version + "; Keras 1 files are not supported");
  }
  if (optional_attribute(file, object, "backend") == "theano") {
    throw_unsupported(file.path(), "was written with the Theano backend (flipped convolution kernels); not supported");
  }
  context.keras_major = keras_major_version(context.keras_version);
  return context;
}

nlohmann::json legacy_h5_model_config(const H5File& file) {
  if (!file.has_attribute("/", "model_config")) {
    if (file.has_attribute("/", "layer_names")) {
      throw_bad_input(file.path(), "is a weights-only file (no model_config): give an architecture file and --weights");
    }
    throw_bad_input(file.path(), "is HDF5 but not a Keras model (no model_config attribute)");
  }
  nlohmann::json config = nlohmann::json::parse(file.string_attribute("/", "model_config"), nullptr, false);
  if (config.is_discarded()) throw_bad_input(file.path(), "model_config is not valid JSON");
  return config;
}

void apply_legacy_weights(const H5File& file, const std::string& group, ModelSpec& spec, model::Graph& graph) {
  for (const LayerSpec& member : spec.layers) {
    if (member.nodes.empty()) continue;
    const std::string layer_group = (group == "/" ? "" : group) + "/" + member.name;
    if (member.nested) {
      if (legacy_weight_order(*member.nested, graph).empty()) continue;
    } else if (expected_weight_count(graph, member.nodes.front()) == 0) {
      continue;
    }
    if (!file.has_object(layer_group)) {
      throw_bad_input(layer_context(file, member), "has no weights in the file (it holds layers: " +
                                                       known_layers(file, group) + ")");
    }
    if (member.nested) {
      apply_nested(file, layer_group, member, graph);
    } else {
      graph.set_weights(member.nodes.front(), read_weights(file, layer_group), file.path());
    }
  }
}

}  // namespace cerebro::io
