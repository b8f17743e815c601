#pragma once
// `cerebro export`: every selected layer's output for every pattern, spilled to one file per layer
// batch by batch, so memory stays flat whatever the number of patterns (the article's advice).
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "app/model_inputs.hpp"  // assign_pattern_specs, open_input_patterns
#include "compute/backend.hpp"
#include "io/activation_writer.hpp"
#include "model/graph.hpp"
#include "patterns/pattern_source.hpp"

namespace cerebro::app {

struct ExportOptions {
  std::filesystem::path out_dir;
  std::vector<std::string> layers;  // empty: every layer
  io::ExportFormat format = io::ExportFormat::Npy;
  int64_t batch = 64;
};

// Node indices for --layers (graph order), by the names the graph shows ("dense#1",
// "block/dense"); an unknown name is a BadInput error listing the names.
std::vector<int> select_layers(const model::Graph& graph, const std::vector<std::string>& names);

// `inputs` holds one pattern source per graph input (graph.input_layers() order), all with the
// same number of patterns: pattern i of the export is pattern i of every input.
void export_activations(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs,
                        compute::Backend& backend, const ExportOptions& options);
void export_activations(const model::Graph& graph, patterns::PatternSource& patterns, compute::Backend& backend,
                        const ExportOptions& options);

}  // namespace cerebro::app
