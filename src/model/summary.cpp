#include "model/summary.hpp"

#include <sstream>

#include "core/printable.hpp"

namespace cerebro::model {
namespace {

constexpr int kNameWidth = 33;
constexpr int kShapeWidth = 26;
constexpr int kLineWidth = 70;

std::string pad(std::string text, int width) {
  // Keep at least one space between columns even when a name is long.
  if (static_cast<int>(text.size()) >= width) return text + " ";
  text.resize(static_cast<size_t>(width), ' ');
  return text;
}

std::string call_shapes(const Graph& graph, const std::vector<int>& outputs) {
  if (outputs.size() == 1) return shape_with_batch(graph.output_shape(outputs[0]));
  std::string text = "[";
  for (size_t i = 0; i < outputs.size(); ++i) {
    text += (i ? ", " : "") + shape_with_batch(graph.output_shape(outputs[i]));
  }
  return text + "]";
}

}  // namespace

bool listed_in_summary(const Graph& graph, const ModelLayer& entry) {
  return !(graph.sequential() && entry.keras_class == "InputLayer");
}

std::string summary_output_shape(const Graph& graph, const ModelLayer& entry) {
  if (entry.calls.empty()) return "?";
  const std::string first = call_shapes(graph, entry.calls.front());
  for (const std::vector<int>& call : entry.calls) {
    // Keras 2 prints "multiple" for a layer whose calls disagree (Layer.output_shape raises).
    if (call_shapes(graph, call) != first) return "multiple";
  }
  return first;
}

std::string with_thousands(int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  for (int pos = static_cast<int>(digits.size()) - 3; pos > 0; pos -= 3) {
    digits.insert(static_cast<size_t>(pos), ",");
  }
  return value < 0 ? "-" + digits : digits;
}

std::string summary_table(const Graph& graph) {
  std::ostringstream out;
  const std::string thin(kLineWidth, '_');
  const std::string thick(kLineWidth, '=');
  // Names are data from the file: printed with their control bytes escaped (core/printable.hpp).
  out << "Model: \"" << printable(graph.name()) << "\"\n" << thin << '\n';
  out << pad("Layer (type)", kNameWidth) << pad("Output Shape", kShapeWidth) << "Param #\n" << thick << '\n';
  bool first = true;
  for (const ModelLayer& entry : graph.model_layers()) {
    if (!listed_in_summary(graph, entry)) continue;
    if (!first) out << thin << '\n';
    first = false;
    out << pad(printable(entry.name) + " (" + entry.keras_class + ")", kNameWidth)
        << pad(summary_output_shape(graph, entry), kShapeWidth) << with_thousands(graph.params(entry).total())
        << '\n';
  }
  const ParamCounts total = graph.total_params();
  out << thick << '\n';
  out << "Total params: " << with_thousands(total.total()) << '\n';
  out << "Trainable params: " << with_thousands(total.trainable) << '\n';
  out << "Non-trainable params: " << with_thousands(total.non_trainable) << '\n';
  out << thin << '\n';
  return out.str();
}

}  // namespace cerebro::model
