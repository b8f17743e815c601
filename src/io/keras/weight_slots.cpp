#include "io/keras/weight_slots.hpp"

#include <algorithm>
#include <set>

namespace cerebro::io {
namespace {

void collect(const ModelSpec& spec, bool trainable, const model::Graph& graph, std::set<const model::Layer*>& seen,
             std::vector<WeightSlot>& slots) {
  for (const LayerSpec& member : spec.layers) {
    if (member.nested) {
      collect(*member.nested, trainable && member.nested->trainable, graph, seen, slots);
      continue;
    }
    if (member.nodes.empty() || !seen.insert(member.layer.get()).second) continue;
    const size_t count = expected_weight_count(graph, member.nodes.front());
    for (size_t i = 0; i < count; ++i) {
      slots.push_back(WeightSlot{&member, i, count, trainable && member.layer->weight_trainable(i)});
    }
  }
}

}  // namespace

size_t expected_weight_count(const model::Graph& graph, int node) {
  std::vector<Shape> shapes;
  for (int input : graph.inputs_of(node)) shapes.push_back(graph.output_shape(input));
  return graph.layer(node).expected_weight_shapes(shapes).size();
}

std::vector<WeightSlot> legacy_weight_order(const ModelSpec& spec, const model::Graph& graph) {
  std::set<const model::Layer*> seen;
  std::vector<WeightSlot> slots;
  collect(spec, spec.trainable, graph, seen, slots);
  std::stable_partition(slots.begin(), slots.end(), [](const WeightSlot& slot) { return slot.trainable; });
  return slots;
}

}  // namespace cerebro::io
