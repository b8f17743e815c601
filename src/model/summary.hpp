#pragma once
#include <string>

#include "model/graph.hpp"

namespace cerebro::model {

// A table in the layout of Keras 2's model.summary(): Layer (type), Output Shape with None for
// the batch, Param #, then total, trainable and non-trainable parameter counts. One row per entry
// of the model's own layer list: a shared layer once, a nested model as one row.
std::string summary_table(const Graph& graph);

// Whether Keras' summary lists this entry: a Sequential model's summary leaves out its input.
bool listed_in_summary(const Graph& graph, const ModelLayer& entry);

// The entry's Output Shape as Keras 2 prints it: "(None, 5)"; "[(None, 4), (None, 2)]" for
// several output tensors; "multiple" when its calls produce different shapes.
std::string summary_output_shape(const Graph& graph, const ModelLayer& entry);

// 11665 -> "11,665", as Keras prints counts.
std::string with_thousands(int64_t value);

}  // namespace cerebro::model
