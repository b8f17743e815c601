#pragma once
#include <string>

#include "model/graph.hpp"

namespace cerebro::model {

// A table in the layout of Keras 2's model.summary(): Layer (type), Output Shape with None for
// the batch, Param #, then total, trainable and non-trainable parameter counts.
std::string summary_table(const Graph& graph);

// Whether Keras' summary lists this layer: a Sequential model's summary leaves out its input.
bool listed_in_summary(const Graph& graph, int index);

// 11665 -> "11,665", as Keras prints counts.
std::string with_thousands(int64_t value);

}  // namespace cerebro::model
