#pragma once
// From a parsed Keras model (model_spec.hpp) to a model::Graph without weights: one node per call
// of every layer kind, in an order where each node comes after its inputs.
//   - A layer called k > 1 times (a shared layer) gives nodes "name#0" ... "name#<k-1>", in
//     Keras' call order; they share one Layer and its weights.
//   - A nested model is inlined: its layers become nodes "outer/inner" ("outer#1/inner" for its
//     second call); its InputLayers become no node, they stand for the tensors it is called on.
//   - The graph's model_layers() follow Keras' model.layers: a nested model is one entry.
#include "io/keras/model_spec.hpp"
#include "model/graph.hpp"

namespace cerebro::io {

// Fills every LayerSpec's `nodes` as it goes. Cycles, calls that name a missing tensor, inputs of
// the wrong shape are BadInput errors naming the file and the layer.
model::Graph build_graph(ModelSpec& spec, const KerasContext& context);

}  // namespace cerebro::io
