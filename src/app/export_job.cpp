#include "app/export_job.hpp"

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace cerebro::app {
namespace fs = std::filesystem;

std::vector<int> select_layers(const model::Graph& graph, const std::vector<std::string>& names) {
  std::vector<int> selected;
  if (names.empty()) {
    for (int i = 0; i < graph.size(); ++i) selected.push_back(i);
    return selected;
  }
  for (const std::string& name : names) {
    const std::optional<int> index = graph.find(name);
    if (!index) {
      std::string known;
      for (int i = 0; i < graph.size(); ++i) known += (i ? ", " : "") + graph.layer(i).name();
      throw_bad_input("--layers", "no layer named '" + name + "' (layers: " + known + ")");
    }
    selected.push_back(*index);
  }
  return selected;
}

namespace {

// File stems that stay distinct even when two layer names sanitise to the same text.
std::vector<std::string> unique_stems(const model::Graph& graph, const std::vector<int>& layers) {
  std::map<std::string, int> used;
  std::vector<std::string> stems;
  for (int index : layers) {
    std::string stem = io::safe_file_stem(graph.layer(index).name());
    if (int n = used[stem]++; n > 0) stem += "_" + std::to_string(n + 1);
    stems.push_back(std::move(stem));
  }
  return stems;
}

void write_index(const fs::path& path, const nlohmann::json& index) {
  std::ofstream out(path);
  out << index.dump(1) << '\n';
  out.close();
  if (!out) throw_bad_input(path.string(), "cannot write");
}

}  // namespace

void export_activations(const model::Graph& graph, patterns::PatternSource& patterns, compute::Backend& backend,
                        const ExportOptions& options) {
  if (graph.input_layers().size() != 1) throw_unsupported(graph.source_file(), "models with several inputs need --patterns NAME=SRC (not yet supported)");
  const std::vector<int> layers = select_layers(graph, options.layers);
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec || !fs::is_directory(options.out_dir)) throw_bad_input(options.out_dir.string(), "cannot create the output folder");

  const int64_t count = patterns.count();
  const int64_t batch = std::min(options.batch, count);
  backend.plan(graph, batch);

  const std::vector<std::string> stems = unique_stems(graph, layers);
  const std::string extension(io::export_extension(options.format));
  std::vector<std::unique_ptr<io::ActivationWriter>> writers;
  nlohmann::json entries = nlohmann::json::array();
  for (size_t k = 0; k < layers.size(); ++k) {
    const int index = layers[k];
    const fs::path file = options.out_dir / (stems[k] + extension);
    writers.push_back(std::make_unique<io::ActivationWriter>(file, options.format, graph.output_shape(index), count));
    Shape full{count};
    full.insert(full.end(), graph.output_shape(index).begin(), graph.output_shape(index).end());
    entries.push_back({{"file", file.filename().string()},
                       {"layer", graph.layer(index).name()},
                       {"class", graph.layer(index).keras_class()},
                       {"shape", full}});
  }

  std::vector<float> inputs(static_cast<size_t>(batch * element_count(patterns.shape())));
  std::vector<float> outputs;
  for (int64_t first = 0; first < count; first += batch) {
    const int64_t n = std::min(batch, count - first);
    patterns.read(first, n, inputs.data());
    const float* input_pointer = inputs.data();
    backend.run(std::span(&input_pointer, 1), n);
    for (size_t k = 0; k < layers.size(); ++k) {
      outputs.resize(static_cast<size_t>(n * element_count(graph.output_shape(layers[k]))));
      backend.download(layers[k], outputs);
      writers[k]->append(outputs.data(), n);
    }
  }
  for (auto& writer : writers) writer->finish();

  write_index(options.out_dir / "layers.json", {{"model", graph.source_file()},
                                                {"patterns", patterns.describe()},
                                                {"count", count},
                                                {"format", extension.substr(1)},
                                                {"layers", entries}});
}

}  // namespace cerebro::app
