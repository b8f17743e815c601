#pragma once
// The model's architecture as Keras' plot_model(show_shapes=True, show_layer_names=True) draws it:
// a record box per layer ("name: Class" over its input and output shapes), edges along the
// graph, laid out top to bottom by Graphviz's dot and rendered by Graphviz's own PNG renderer.
#include <filesystem>
#include <string>

#include "model/graph.hpp"

namespace cerebro::render {

// The Graphviz source (dot language) of the diagram: what plot_model hands to pydot.
std::string model_dot(const model::Graph& graph);

// "<model name> neural network architecture.png", as the article names it.
std::string architecture_file_name(const model::Graph& graph);

// Lays the diagram out and writes it as PNG. Internal error when Graphviz cannot render PNG
// (its plugins come with Debian's `graphviz` package).
void plot_model(const model::Graph& graph, const std::filesystem::path& png);

}  // namespace cerebro::render
