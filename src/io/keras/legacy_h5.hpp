#pragma once
// The legacy HDF5 layout that model.save("x.h5") and save_weights("x.h5") write, from Keras 2.0 to
// tf.keras 2.x and Keras 3 (which still writes it for .h5 names).
#include <nlohmann/json.hpp>
#include <string>

#include "io/hdf5.hpp"
#include "io/keras/model_spec.hpp"
#include "model/graph.hpp"

namespace cerebro::io {

// Refuses files cerebro cannot read right: Keras 1 (another config format) and the Theano backend
// (flipped convolution kernels). `object` holds the keras_version and backend attributes.
KerasContext legacy_h5_context(const H5File& file, const std::string& object);

// The root attribute `model_config` of a full-model file, parsed. A weights-only file (no
// model_config but layer_names) is a BadInput error that says to use --weights.
nlohmann::json legacy_h5_model_config(const H5File& file);

// Applies the weights stored under `group` (model_weights of a full model, or the root of a
// save_weights file): one subgroup per layer of the top-level model, named as the layer, listing
// its weights in its `weight_names` attribute (paths relative to the subgroup, used verbatim:
// tf.keras and Keras 3 add outer scopes such as "sequential/dense/kernel:0"). Layers are matched
// by name; a nested model's subgroup holds all its weights in Keras' model.weights order for that
// format (every trainable weight first, then the rest).
void apply_legacy_weights(const H5File& file, const std::string& group, ModelSpec& spec, model::Graph& graph);

}  // namespace cerebro::io
