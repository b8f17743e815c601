#include "model/graph.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace cerebro::model {
namespace {

std::vector<Shape> shapes_of(const std::vector<int>& inputs, const auto& nodes) {
  std::vector<Shape> shapes;
  for (int i : inputs) shapes.push_back(nodes[static_cast<size_t>(i)].output_shape);
  return shapes;
}

}  // namespace

int Graph::add(std::unique_ptr<Layer> layer, std::vector<int> inputs) {
  for (int i : inputs) {
    if (i < 0 || i >= size()) throw_internal("layer '" + layer->name() + "'", "input index out of range");
  }
  if (find(layer->name())) throw_bad_input("layer '" + layer->name() + "'", "two layers share this name");
  const std::vector<Shape> in_shapes = shapes_of(inputs, nodes_);
  Shape out = layer->infer_shape(in_shapes);
  validate_shape(out, "layer '" + layer->name() + "' (" + layer->keras_class() + ")");
  if (inputs.empty()) inputs_.push_back(size());
  nodes_.push_back(Node{std::move(layer), std::move(inputs), std::move(out)});
  return size() - 1;
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

ParamCounts Graph::total_params() const {
  ParamCounts total;
  for (int i = 0; i < size(); ++i) {
    const ParamCounts p = params(i);
    total.trainable += p.trainable;
    total.non_trainable += p.non_trainable;
  }
  return total;
}

std::optional<int> Graph::find(std::string_view name) const {
  for (int i = 0; i < size(); ++i) {
    if (nodes_[static_cast<size_t>(i)].layer->name() == name) return i;
  }
  return std::nullopt;
}

}  // namespace cerebro::model
