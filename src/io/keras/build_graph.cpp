#include "io/keras/build_graph.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace cerebro::io {
namespace {

// Per member of one model, per call made so far, the nodes holding that call's output tensors.
using CallTable = std::vector<std::vector<std::vector<int>>>;

struct Expansion {
  std::vector<int> outputs;
  CallTable calls;
};

class Expander {
 public:
  Expander(model::Graph& graph, const KerasContext& context) : graph_(graph), context_(context) {}

  // Expands one call of `spec`. `inputs` is null for the top-level model (its InputLayers become
  // graph inputs) and holds the tensors a nested model is called on otherwise.
  Expansion expand(ModelSpec& spec, const std::string& prefix, const std::vector<int>* inputs) {
    return spec.sequential ? expand_sequential(spec, prefix, inputs) : expand_functional(spec, prefix, inputs);
  }

 private:
  std::string where(const std::string& prefix, const LayerSpec& member) const {
    return context_.file + ": layer '" + prefix + member.name + "' (" + member.keras_class + ")";
  }

  std::vector<int> call_member(LayerSpec& member, size_t call, const std::string& prefix, const std::vector<int>& inputs) {
    std::string shown = prefix + member.name;
    const size_t calls = std::max<size_t>(member.calls.size(), 1);
    if (calls > 1) shown += "#" + std::to_string(call);
    if (member.nested) {
      const int first = graph_.size();
      Expansion inner = expand(*member.nested, shown + "/", &inputs);
      for (int i = first; i < graph_.size(); ++i) member.nodes.push_back(i);
      return inner.outputs;
    }
    const int node = graph_.add(member.layer, inputs, shown);
    member.nodes.push_back(node);
    return {node};
  }

  // A nested model's InputLayer stands for the tensor the model is called on: no node, but the
  // shapes must agree.
  void check_nested_input(const LayerSpec& member, int node, const std::string& prefix) const {
    const Shape declared = member.layer->infer_shape({});
    if (declared != graph_.output_shape(node)) {
      throw_bad_input(where(prefix, member), "declares input shape " + shape_tuple(declared) + " but is fed " +
                                                 shape_tuple(graph_.output_shape(node)) + " by '" + graph_.node_name(node) + "'");
    }
  }

  Expansion expand_sequential(ModelSpec& spec, const std::string& prefix, const std::vector<int>* inputs) {
    Expansion result;
    result.calls.resize(spec.layers.size());
    std::vector<int> current;
    if (inputs) {
      if (inputs->size() != 1) throw_bad_input(context_.file + ": model '" + spec.name + "'", "a Sequential model takes one input");
      current = *inputs;
    }
    for (size_t i = 0; i < spec.layers.size(); ++i) {
      LayerSpec& member = spec.layers[i];
      if (member.keras_class == "InputLayer") {
        if (i != 0) throw_bad_input(where(prefix, member), "an InputLayer can only come first in a Sequential model");
        if (inputs) {
          check_nested_input(member, current[0], prefix);
        } else {
          current = call_member(member, 0, prefix, {});
        }
        result.calls[i].push_back(current);
        continue;
      }
      if (current.empty()) throw_bad_input(where(prefix, member), "first layer of a Sequential model declares no input shape");
      current = call_member(member, 0, prefix, current);
      result.calls[i].push_back(current);
    }
    result.outputs = current;
    return result;
  }

  // Binds a nested Functional model's InputLayers to the tensors it is called on.
  void bind_inputs(ModelSpec& spec, const std::string& prefix, const std::vector<int>& inputs, CallTable& table) const {
    if (inputs.size() != spec.inputs.size()) {
      throw_bad_input(context_.file + ": model '" + prefix + "'", "is called on " + std::to_string(inputs.size()) +
                                                                      " tensors but has " + std::to_string(spec.inputs.size()) + " inputs");
    }
    for (size_t k = 0; k < inputs.size(); ++k) {
      const LayerSpec& member = spec.layers[static_cast<size_t>(spec.inputs[k].layer)];
      if (member.keras_class != "InputLayer") throw_bad_input(where(prefix, member), "is listed as a model input but is not an InputLayer");
      check_nested_input(member, inputs[k], prefix);
      table[static_cast<size_t>(spec.inputs[k].layer)] = {{inputs[k]}};
    }
  }

  // Whether every tensor a call consumes exists; if so, fills `nodes` with them.
  bool gather(const std::vector<TensorRef>& refs, const CallTable& table, const std::string& context,
              std::vector<int>& nodes) const {
    nodes.clear();
    for (const TensorRef& ref : refs) {
      const auto& calls = table[static_cast<size_t>(ref.layer)];
      if (calls.size() <= static_cast<size_t>(ref.call)) return false;
      const std::vector<int>& outputs = calls[static_cast<size_t>(ref.call)];
      if (static_cast<size_t>(ref.tensor) >= outputs.size()) {
        throw_bad_input(context, "refers to output tensor " + std::to_string(ref.tensor) + " of a call with " +
                                     std::to_string(outputs.size()) + " output(s)");
      }
      nodes.push_back(outputs[static_cast<size_t>(ref.tensor)]);
    }
    return true;
  }

  // Processes each member's calls in order as soon as their inputs exist, pass after pass, as
  // Keras' functional_from_config does; whatever is left when a pass makes no progress is a cycle.
  Expansion expand_functional(ModelSpec& spec, const std::string& prefix, const std::vector<int>* inputs) {
    Expansion result;
    result.calls.resize(spec.layers.size());
    if (inputs) bind_inputs(spec, prefix, *inputs, result.calls);
    std::vector<int> nodes;
    for (bool progressed = true; progressed;) {
      progressed = false;
      for (size_t i = 0; i < spec.layers.size(); ++i) {
        LayerSpec& member = spec.layers[i];
        auto& done = result.calls[i];
        while (done.size() < member.calls.size()) {
          if (member.keras_class == "InputLayer") {
            if (inputs) throw_bad_input(where(prefix, member), "is not among the nested model's inputs");
            done.push_back(call_member(member, 0, prefix, {}));
          } else if (gather(member.calls[done.size()], result.calls, where(prefix, member), nodes)) {
            done.push_back(call_member(member, done.size(), prefix, nodes));
          } else {
            break;
          }
          progressed = true;
        }
      }
    }
    for (size_t i = 0; i < spec.layers.size(); ++i) {
      if (result.calls[i].size() < spec.layers[i].calls.size()) {
        throw_bad_input(where(prefix, spec.layers[i]), "its inputs form a cycle");
      }
    }
    if (!gather(spec.outputs, result.calls, context_.file + ": model outputs", result.outputs)) {
      throw_internal(context_.file, "model outputs not computed");
    }
    return result;
  }

  model::Graph& graph_;
  const KerasContext& context_;
};

std::vector<int> input_nodes(const ModelSpec& spec, const Expansion& top, const model::Graph& graph, const std::string& file) {
  std::vector<int> nodes;
  if (spec.sequential) return graph.input_layers();
  for (const TensorRef& ref : spec.inputs) {
    if (spec.layers[static_cast<size_t>(ref.layer)].keras_class != "InputLayer") {
      throw_bad_input(file + ": layer '" + spec.layers[static_cast<size_t>(ref.layer)].name + "'",
                      "is listed as a model input but is not an InputLayer");
    }
    nodes.push_back(top.calls[static_cast<size_t>(ref.layer)].at(0).at(0));
  }
  if (nodes.size() != graph.input_layers().size()) {
    for (const LayerSpec& member : spec.layers) {
      if (member.keras_class == "InputLayer" && !member.nodes.empty() &&
          std::find(nodes.begin(), nodes.end(), member.nodes[0]) == nodes.end()) {
        throw_bad_input(file + ": layer '" + member.name + "'", "is an InputLayer but not among the model's inputs");
      }
    }
    throw_bad_input(file, "the model lists an input twice");
  }
  return nodes;
}

}  // namespace

model::Graph build_graph(ModelSpec& spec, const KerasContext& context) {
  model::Graph graph;
  graph.set_name(spec.name);
  graph.set_sequential(spec.sequential);
  graph.set_source_file(context.file);
  Expander expander(graph, context);
  const Expansion top = expander.expand(spec, "", nullptr);
  if (graph.input_layers().empty()) throw_bad_input(context.file, "the model has no input");
  graph.set_inputs(input_nodes(spec, top, graph, context.file));
  graph.set_outputs(top.outputs);
  std::vector<model::ModelLayer> entries;
  for (size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& member = spec.layers[i];
    entries.push_back(model::ModelLayer{member.name, member.keras_class, member.nodes, top.calls[i]});
  }
  graph.set_model_layers(std::move(entries));
  return graph;
}

}  // namespace cerebro::io
