#include "model/summary.hpp"

#include <sstream>

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

}  // namespace

bool listed_in_summary(const Graph& graph, int index) {
  return !(graph.sequential() && graph.inputs_of(index).empty());
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
  out << "Model: \"" << graph.name() << "\"\n" << thin << '\n';
  out << pad("Layer (type)", kNameWidth) << pad("Output Shape", kShapeWidth) << "Param #\n" << thick << '\n';
  bool first = true;
  for (int i = 0; i < graph.size(); ++i) {
    if (!listed_in_summary(graph, i)) continue;
    if (!first) out << thin << '\n';
    first = false;
    const Layer& layer = graph.layer(i);
    out << pad(layer.name() + " (" + layer.keras_class() + ")", kNameWidth)
        << pad(shape_with_batch(graph.output_shape(i)), kShapeWidth) << with_thousands(graph.params(i).total())
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
