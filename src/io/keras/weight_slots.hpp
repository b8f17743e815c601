#pragma once
// Which weights the layers of a parsed model expect, and in which order a format lists them.
#include <cstddef>
#include <vector>

#include "io/keras/model_spec.hpp"
#include "model/graph.hpp"

namespace cerebro::io {

// How many weights node `node`'s layer expects for its inputs.
size_t expected_weight_count(const model::Graph& graph, int node);

// Weight `index` of `count` of the layer `owner`.
struct WeightSlot {
  const LayerSpec* owner = nullptr;
  size_t index = 0;
  size_t count = 0;
  bool trainable = true;
};

// The weights of every layer inside a (nested) model in the order of Keras' legacy
// `layer.trainable_weights + layer.non_trainable_weights`: layers depth-first in model.layers
// order, each layer once, then every trainable weight before every other (a frozen layer's
// weights, BatchNorm's moving statistics). Both Keras 2 and Keras 3 write nested models so.
std::vector<WeightSlot> legacy_weight_order(const ModelSpec& spec, const model::Graph& graph);

}  // namespace cerebro::io
