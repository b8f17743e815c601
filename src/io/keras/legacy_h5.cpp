#include "io/keras/legacy_h5.hpp"

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "io/keras/config_builder.hpp"

namespace cerebro::io {
namespace {

std::string optional_attribute(const H5File& file, const std::string& object, const std::string& name) {
  return file.has_attribute(object, name) ? file.string_attribute(object, name) : std::string();
}

}  // namespace

void load_h5_weights(const H5File& file, const std::string& group, model::Graph& graph) {
  for (int i = 0; i < graph.size(); ++i) {
    const model::Layer& layer = graph.layer(i);
    std::vector<Shape> input_shapes;
    for (int input : graph.inputs_of(i)) input_shapes.push_back(graph.output_shape(input));
    if (layer.expected_weight_shapes(input_shapes).empty()) continue;
    const std::string layer_group = group + "/" + layer.name();
    if (!file.has_object(layer_group)) {
      throw_bad_input(file.path() + ": layer '" + layer.name() + "' (" + layer.keras_class() + ")",
                      "has no weights in the file");
    }
    std::vector<model::Weight> weights;
    // weight_names are paths relative to the layer's group, used verbatim: tf.keras and Keras 3
    // add outer scopes ("sequential/dense/kernel:0") that must not be guessed.
    for (const std::string& weight_name : file.string_list_attribute(layer_group, "weight_names")) {
      FloatArray array = file.read_floats(layer_group + "/" + weight_name);
      weights.push_back(model::Weight{weight_name, std::move(array.shape), std::move(array.values)});
    }
    graph.set_weights(i, std::move(weights), file.path());
  }
}

model::Graph load_legacy_h5(const std::string& path) {
  H5File file(path);
  if (!file.has_attribute("/", "model_config")) {
    if (file.has_attribute("/", "layer_names")) {
      throw_bad_input(path, "is a weights-only file (no model_config): give an architecture file and --weights");
    }
    throw_bad_input(path, "is HDF5 but not a Keras model (no model_config attribute)");
  }
  const std::string keras_version = optional_attribute(file, "/", "keras_version");
  if (!keras_version.empty() && keras_version[0] == '1') {
    throw_unsupported(path, "was written by Keras " + keras_version + "; Keras 1 files are not supported");
  }
  if (optional_attribute(file, "/", "backend") == "theano") {
    throw_unsupported(path, "was written with the Theano backend (flipped convolution kernels); not supported");
  }
  nlohmann::json config = nlohmann::json::parse(file.string_attribute("/", "model_config"), nullptr, false);
  if (config.is_discarded()) throw_bad_input(path, "model_config is not valid JSON");

  model::Graph graph = build_graph(config, KerasContext{path, keras_major_version(keras_version)});
  if (!file.has_object("/model_weights")) throw_bad_input(path, "has no model_weights group (saved without weights?)");
  load_h5_weights(file, "/model_weights", graph);
  return graph;
}

}  // namespace cerebro::io
