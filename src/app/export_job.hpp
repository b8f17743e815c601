#pragma once
// `cerebro export`: every selected layer's output for every pattern, spilled to one file per layer
// batch by batch, so memory stays flat whatever the number of patterns (the article's advice).
#include <filesystem>
#include <string>
#include <vector>

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

// Layer indices for --layers (graph order); an unknown name is a BadInput error listing the names.
std::vector<int> select_layers(const model::Graph& graph, const std::vector<std::string>& names);

void export_activations(const model::Graph& graph, patterns::PatternSource& patterns, compute::Backend& backend,
                        const ExportOptions& options);

}  // namespace cerebro::app
