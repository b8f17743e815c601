#pragma once
// The loaded model: layers in topological order, each with its inputs and its output shape.
// Every layer's output is first-class: the viewer and the exporter only consume this API.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/layer.hpp"

namespace cerebro::model {

class Graph {
 public:
  // Adds a layer fed by earlier layers (so the order stays topological) and infers its output
  // shape. Returns the new layer's index.
  int add(std::unique_ptr<Layer> layer, std::vector<int> inputs);

  // Checks the weights against the shapes the layer expects, then hands them to it. Throws
  // BadInput naming the layer and both shapes on any mismatch.
  void set_weights(int index, std::vector<Weight> weights, const std::string& file);

  // Finishes building: the graph's outputs (default: layers nobody consumes).
  void set_outputs(std::vector<int> outputs);

  int size() const { return static_cast<int>(nodes_.size()); }
  const Layer& layer(int index) const { return *nodes_.at(index).layer; }
  const Shape& output_shape(int index) const { return nodes_.at(index).output_shape; }
  const std::vector<int>& inputs_of(int index) const { return nodes_.at(index).inputs; }
  // Whether the file described a Sequential model (Keras presents those slightly differently).
  bool sequential() const { return sequential_; }
  void set_sequential(bool sequential) { sequential_ = sequential; }
  ParamCounts params(int index) const;
  ParamCounts total_params() const;

  const std::vector<int>& input_layers() const { return inputs_; }
  const std::vector<int>& output_layers() const { return outputs_; }
  std::optional<int> find(std::string_view name) const;

  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  const std::string& source_file() const { return source_file_; }
  void set_source_file(std::string file) { source_file_ = std::move(file); }

 private:
  struct Node {
    std::unique_ptr<Layer> layer;
    std::vector<int> inputs;
    Shape output_shape;
  };

  std::vector<Node> nodes_;
  std::vector<int> inputs_;
  std::vector<int> outputs_;
  std::string name_;
  std::string source_file_;
  bool sequential_ = false;
};

}  // namespace cerebro::model
