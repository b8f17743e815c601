#pragma once
#include <string>

#include "io/hdf5.hpp"
#include "model/graph.hpp"

namespace cerebro::io {

// A full model saved by model.save() as HDF5: Keras 2.0-2.3, tf.keras 2.x, and Keras 3 writing
// the legacy layout. The architecture is the root attribute `model_config`; each layer's weights
// sit under /model_weights/<layer>/, in the order its `weight_names` attribute lists them.
model::Graph load_legacy_h5(const std::string& path);

// Applies the weights of `group` (model_weights of a full model) to every layer of the graph.
void load_h5_weights(const H5File& file, const std::string& group, model::Graph& graph);

}  // namespace cerebro::io
