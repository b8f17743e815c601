#include "model/graph.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"

namespace cerebro::model {
namespace {

std::vector<Shape> shapes_of(const std::vector<int>& inputs, const auto& nodes) {
  std::vector<Shape> shapes;
  for (int i : inputs) shapes.push_back(nodes[static_cast<size_t>(i)].output_shape);
  return shapes;
}

}  // namespace

int Graph::add(std::shared_ptr<Layer> layer, std::vector<int> inputs, std::string name) {
  if (!layer) throw_internal("graph", "null layer");
  if (name.empty()) name = layer->name();
  for (int i : inputs) {
    if (i < 0 || i >= size()) throw_internal("layer '" + name + "'", "input index out of range");
  }
  if (find(name)) throw_bad_input("layer '" + name + "'", "two layers share this name");
  const std::vector<Shape> in_shapes = shapes_of(inputs, nodes_);
  Shape out = layer->infer_shape(in_shapes);
  validate_shape(out, "layer '" + name + "' (" + layer->keras_class() + ")");
  const int index = size();
  if (inputs.empty()) inputs_.push_back(index);
  model_layers_.push_back(ModelLayer{name, layer->keras_class(), {index}, {{index}}});
  nodes_.push_back(Node{std::move(layer), std::move(name), std::move(inputs), std::move(out)});
  return index;
}

void Graph::set_weights(int index, std::vector<Weight> weights, const std::string& file) {
  Node& node = nodes_.at(static_cast<size_t>(index));
  const std::string context = file + ": layer '" + node.layer->name() + "' (" + node.layer->keras_class() + ")";
  const std::vector<Shape> expected = node.layer->expected_weight_shapes(shapes_of(node.inputs, nodes_));
  if (weights.size() != expected.size()) {
    throw_bad_input(context, "has " + std::to_string(weights.size()) + " weights, expected " +
                                 std::to_string(expected.size()));
  }
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i].shape != expected[i]) {
      throw_bad_input(context, "weight '" + weights[i].name + "' has shape " + shape_tuple(weights[i].shape) +
                                   ", the config implies " + shape_tuple(expected[i]));
    }
  }
  node.layer->set_weights(std::move(weights));
}

void Graph::set_inputs(std::vector<int> inputs) {
  std::vector<int> sorted = inputs;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> sources = inputs_;
  std::sort(sources.begin(), sources.end());
  if (sorted != sources) throw_internal("graph", "model inputs must be exactly the nodes without inputs");
  inputs_ = std::move(inputs);
}

void Graph::set_outputs(std::vector<int> outputs) {
  if (outputs.empty()) {
    std::vector<bool> consumed(nodes_.size(), false);
    for (const Node& node : nodes_) {
      for (int i : node.inputs) consumed[static_cast<size_t>(i)] = true;
    }
    for (int i = 0; i < size(); ++i) {
      if (!consumed[static_cast<size_t>(i)]) outputs.push_back(i);
    }
  }
  for (int i : outputs) {
    if (i < 0 || i >= size()) throw_internal("graph", "output index out of range");
  }
  outputs_ = std::move(outputs);
}

ParamCounts Graph::params(int index) const {
  const Layer& l = layer(index);
  ParamCounts counts;
  for (size_t i = 0; i < l.weights().size(); ++i) {
    const int64_t n = element_count(l.weights()[i].shape);
    (l.weight_trainable(i) ? counts.trainable : counts.non_trainable) += n;
  }
  return counts;
}

ParamCounts Graph::distinct_params(const std::vector<int>& nodes) const {
  std::set<const Layer*> seen;
  ParamCounts total;
  for (int i : nodes) {
    if (!seen.insert(&layer(i)).second) continue;
    const ParamCounts p = params(i);
    total.trainable += p.trainable;
    total.non_trainable += p.non_trainable;
  }
  return total;
}

ParamCounts Graph::params(const ModelLayer& entry) const { return distinct_params(entry.nodes); }

ParamCounts Graph::total_params() const {
  std::vector<int> all(nodes_.size());
  for (int i = 0; i < size(); ++i) all[static_cast<size_t>(i)] = i;
  return distinct_params(all);
}

std::optional<int> Graph::find(std::string_view name) const {
  for (int i = 0; i < size(); ++i) {
    if (nodes_[static_cast<size_t>(i)].name == name) return i;
  }
  return std::nullopt;
}

}  // namespace cerebro::model
