#include "render/plot_model.hpp"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <vector>

#include "core/error.hpp"
#include "core/printable.hpp"

namespace cerebro::render {
namespace {

// Record labels treat { } | < > as structure and a backslash as an escape: escape them in layer names
// (https://graphviz.org/doc/info/shapes.html#record). Quotes are escaped for the DOT string. Control
// bytes become \xNN first: a NUL would end the DOT text early.
std::string escape_record(std::string_view raw) {
  const std::string text = printable(raw);
  std::string out;
  for (const char c : text) {
    if (c == '{' || c == '}' || c == '|' || c == '<' || c == '>' || c == '\\') out += '\\';
    if (c == '"') out += '\\';
    out += c;
  }
  return out;
}

std::string input_shapes(const model::Graph& graph, int layer) {
  const std::vector<int>& inputs = graph.inputs_of(layer);
  // An input layer's input is its own shape (Keras prints it in a list).
  if (inputs.empty()) return "[" + shape_with_batch(graph.output_shape(layer)) + "]";
  if (inputs.size() == 1) return shape_with_batch(graph.output_shape(inputs[0]));
  std::string all = "[";
  for (size_t i = 0; i < inputs.size(); ++i) all += (i ? ", " : "") + shape_with_batch(graph.output_shape(inputs[i]));
  return all + "]";
}

// Keras' record label: "{name: Class|{input:|output:}|{in|out}}".
std::string node_label(const model::Graph& graph, int layer) {
  return "{" + escape_record(graph.node_name(layer) + ": " + graph.layer(layer).keras_class()) +
         "|{input:|output:}|{" + escape_record(input_shapes(graph, layer)) + "|" +
         escape_record(shape_with_batch(graph.output_shape(layer))) + "}}";
}

}  // namespace

std::string architecture_file_name(const model::Graph& graph) {
  const std::string name = graph.name().empty() ? "model" : graph.name();
  return name + " neural network architecture.png";
}

std::string model_dot(const model::Graph& graph) {
  std::string dot = "digraph G {\n  rankdir=TB;\n  dpi=96;\n  node [shape=record];\n";
  for (int i = 0; i < graph.size(); ++i) {
    dot += "  n" + std::to_string(i) + " [label=\"" + node_label(graph, i) + "\"];\n";
  }
  for (int i = 0; i < graph.size(); ++i) {
    for (int input : graph.inputs_of(i)) dot += "  n" + std::to_string(input) + " -> n" + std::to_string(i) + ";\n";
  }
  return dot + "}\n";
}

void plot_model(const model::Graph& graph, const std::filesystem::path& png) {
  std::unique_ptr<GVC_t, decltype(&gvFreeContext)> gvc(gvContext(), gvFreeContext);
  std::string dot = model_dot(graph);
  std::unique_ptr<Agraph_t, decltype(&agclose)> g(agmemread(dot.c_str()), agclose);
  if (!gvc || !g) throw_internal("Graphviz", "cannot build the architecture graph");
  if (gvLayout(gvc.get(), g.get(), "dot") != 0) throw_internal("Graphviz", "dot cannot lay the model out");
  const int rendered = gvRenderFilename(gvc.get(), g.get(), "png", png.c_str());
  gvFreeLayout(gvc.get(), g.get());
  if (rendered != 0) {
    throw_internal(png.string(), "Graphviz cannot render PNG (apt-get install graphviz for its renderer plugins)");
  }
}

}  // namespace cerebro::render
