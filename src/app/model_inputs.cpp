#include "app/model_inputs.hpp"

#include <optional>

#include "core/error.hpp"

namespace cerebro::app {
namespace {

std::string input_names(const model::Graph& graph) {
  std::string known;
  for (const int input : graph.input_layers()) known += (known.empty() ? "" : ", ") + graph.node_name(input);
  return known;
}

// How input k's patterns were given on the command line.
std::string patterns_flag(const model::Graph& graph, std::span<const std::string> specs, size_t k) {
  if (specs.empty()) return "--patterns";
  if (graph.input_layers().size() == 1) return "--patterns " + specs[k];
  return "--patterns " + graph.node_name(graph.input_layers()[k]) + "=" + specs[k];
}

}  // namespace

std::vector<std::string> assign_pattern_specs(const model::Graph& graph, const std::vector<std::string>& specs) {
  const std::vector<int>& inputs = graph.input_layers();
  std::vector<std::string> assigned(inputs.size());
  if (specs.empty()) {
    assigned.assign(inputs.size(), "random");
    return assigned;
  }
  const std::string usage = "the model's inputs are " + input_names(graph) + ": give --patterns NAME=SRC for each";
  for (const std::string& spec : specs) {
    // The longest input name followed by '=' wins, so paths and names may contain '='.
    std::optional<size_t> match;
    for (size_t k = 0; k < inputs.size(); ++k) {
      const std::string& name = graph.node_name(inputs[k]);
      if (spec.size() > name.size() && spec.compare(0, name.size(), name) == 0 && spec[name.size()] == '=' &&
          (!match || name.size() > graph.node_name(inputs[*match]).size())) {
        match = k;
      }
    }
    if (!match) {
      if (inputs.size() != 1 || specs.size() != 1) throw_bad_input("--patterns " + spec, usage);
      assigned[0] = spec;
      continue;
    }
    if (!assigned[*match].empty()) {
      throw_bad_input("--patterns " + spec, "input '" + graph.node_name(inputs[*match]) + "' is given twice");
    }
    assigned[*match] = spec.substr(graph.node_name(inputs[*match]).size() + 1);
  }
  for (size_t k = 0; k < inputs.size(); ++k) {
    if (assigned[k].empty()) {
      throw_bad_input("--patterns", "no patterns for input '" + graph.node_name(inputs[k]) + "' (" + usage + ")");
    }
  }
  return assigned;
}

InputPatterns open_input_patterns(const model::Graph& graph, const std::vector<std::string>& specs,
                                  const patterns::PatternOptions& options) {
  if (specs.size() != graph.input_layers().size())
    throw_internal("--patterns", "one pattern spec per model input expected");
  InputPatterns opened;
  opened.specs = specs;
  for (size_t k = 0; k < specs.size(); ++k) {
    opened.owned.push_back(patterns::open_patterns(specs[k], graph.output_shape(graph.input_layers()[k]), options));
    opened.sources.push_back(opened.owned.back().get());
  }
  common_count(graph, opened.sources, opened.specs);
  return opened;
}

int64_t common_count(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs,
                     std::span<const std::string> specs) {
  if (inputs.empty() || inputs.size() != graph.input_layers().size()) {
    throw_internal(graph.source_file(), "one pattern source per model input expected");
  }
  const int64_t count = inputs.front()->count();
  for (size_t k = 1; k < inputs.size(); ++k) {
    if (inputs[k]->count() == count) continue;
    const std::string first = specs.empty() ? "" : " (" + patterns_flag(graph, specs, 0) + ")";
    throw_bad_input(patterns_flag(graph, specs, k), "input '" + graph.node_name(graph.input_layers()[k]) + "' has " +
                                                        std::to_string(inputs[k]->count()) + " patterns, input '" +
                                                        graph.node_name(graph.input_layers()[0]) + "' has " +
                                                        std::to_string(count) + first + ": every input needs as many");
  }
  return count;
}

nlohmann::json describe_patterns(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs) {
  if (inputs.size() == 1) return inputs[0]->describe();
  nlohmann::json described = nlohmann::json::object();
  for (size_t k = 0; k < inputs.size(); ++k)
    described[graph.node_name(graph.input_layers()[k])] = inputs[k]->describe();
  return described;
}

}  // namespace cerebro::app
