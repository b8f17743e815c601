#pragma once
// The pattern sets of a model's inputs, shared by the subcommands that run a model on patterns
// (export, capture): `--patterns SRC` for a one-input model, `--patterns NAME=SRC` once per input
// for several, none for random patterns on every input. Pattern i of a run is pattern i of every
// input, so every input's set must hold as many patterns.
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "model/graph.hpp"
#include "patterns/pattern_source.hpp"

namespace cerebro::app {

// One pattern spec per graph input, in graph.input_layers() order, from the --patterns values:
// none (random for every input), one "SRC" for a one-input model, or "NAME=SRC" for each input.
// BadInput naming the value and the model's inputs otherwise.
std::vector<std::string> assign_pattern_specs(const model::Graph& graph, const std::vector<std::string>& specs);

// The opened sets, one per graph input (graph.input_layers() order).
struct InputPatterns {
  std::vector<std::string> specs;  // what each was opened from
  std::vector<std::unique_ptr<patterns::PatternSource>> owned;
  std::vector<patterns::PatternSource*> sources;
};

// Opens `specs` (assign_pattern_specs()'s result) for the graph's inputs and checks that they hold
// as many patterns (BadInput naming both --patterns values otherwise).
InputPatterns open_input_patterns(const model::Graph& graph, const std::vector<std::string>& specs,
                                  const patterns::PatternOptions& options);

// The common pattern count of one source per graph input; BadInput naming the input that differs
// (and, given `specs`, the --patterns values of both) when they disagree.
int64_t common_count(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs,
                     std::span<const std::string> specs = {});

// What sidecars record as the patterns: the source's description for one input, an object
// {input name: description} for several.
nlohmann::json describe_patterns(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs);

}  // namespace cerebro::app
