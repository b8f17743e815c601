#pragma once
// The loaded model as a graph of nodes in topological order. A node is one call of a layer: a
// layer called several times (a shared layer) has one node per call, all pointing at the same
// Layer and its weights; the layers of a nested model appear as nodes of their own. Every node's
// output is first-class: the viewer and the exporter only consume this API.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/layer.hpp"

namespace cerebro::model {

// One entry of the Keras model's own layer list (`model.layers`, in Keras' order): a layer,
// called once or several times, or a nested model standing for every node inside it. Keras'
// model.summary() shows one row per entry; cerebro's per-node outputs are finer.
struct ModelLayer {
  std::string name;
  std::string keras_class;
  std::vector<int> nodes;               // every node it stands for
  std::vector<std::vector<int>> calls;  // per call, the nodes holding its output tensors
};

class Graph {
 public:
  // Adds one call of `layer` fed by earlier nodes (so the order stays topological) and infers its
  // output shape. `name` is how the node is shown ("dense", "dense#1" for a shared layer's second
  // call, "block/dense" inside a nested model); by default the layer's name. Node names are
  // unique. Returns the new node's index.
  int add(std::shared_ptr<Layer> layer, std::vector<int> inputs, std::string name = {});

  // Checks the weights against the shapes node `index`'s layer expects for that node's inputs,
  // then hands them to the layer (every node of a shared layer sees them). Throws BadInput naming
  // the file, the layer and both shapes on any mismatch.
  void set_weights(int index, std::vector<Weight> weights, const std::string& file);

  // The model's inputs in Keras' order (default: nodes without inputs, in the order added).
  // Each must be a node without inputs, and every such node must be listed.
  void set_inputs(std::vector<int> inputs);
  // Finishes building: the graph's outputs (default: nodes nobody consumes).
  void set_outputs(std::vector<int> outputs);
  // Replaces the default model layer list (one entry per node).
  void set_model_layers(std::vector<ModelLayer> entries) { model_layers_ = std::move(entries); }

  int size() const { return static_cast<int>(nodes_.size()); }
  const Layer& layer(int index) const { return *nodes_.at(static_cast<size_t>(index)).layer; }
  const std::string& node_name(int index) const { return nodes_.at(static_cast<size_t>(index)).name; }
  const Shape& output_shape(int index) const { return nodes_.at(static_cast<size_t>(index)).output_shape; }
  const std::vector<int>& inputs_of(int index) const { return nodes_.at(static_cast<size_t>(index)).inputs; }
  // Whether the file described a Sequential model (Keras presents those slightly differently).
  bool sequential() const { return sequential_; }
  void set_sequential(bool sequential) { sequential_ = sequential; }

  // The parameters of node `index`'s layer (a shared layer reports its full count at every call).
  ParamCounts params(int index) const;
  // Every distinct layer among the entry's nodes, once.
  ParamCounts params(const ModelLayer& entry) const;
  // Every distinct layer of the graph once, as Keras counts a shared layer.
  ParamCounts total_params() const;

  const std::vector<int>& input_layers() const { return inputs_; }
  const std::vector<int>& output_layers() const { return outputs_; }
  const std::vector<ModelLayer>& model_layers() const { return model_layers_; }
  // The node shown under this name.
  std::optional<int> find(std::string_view name) const;

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  const std::string& source_file() const { return source_file_; }
  void set_source_file(std::string file) { source_file_ = std::move(file); }

 private:
  struct Node {
    std::shared_ptr<Layer> layer;
    std::string name;
    std::vector<int> inputs;
    Shape output_shape;
  };

  ParamCounts distinct_params(const std::vector<int>& nodes) const;

  std::vector<Node> nodes_;
  std::vector<int> inputs_;
  std::vector<int> outputs_;
  std::vector<ModelLayer> model_layers_;
  std::string name_;
  std::string source_file_;
  bool sequential_ = false;
};

}  // namespace cerebro::model
