#include "app/export_job.hpp"

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace cerebro::app {
namespace fs = std::filesystem;

namespace {

std::string node_names(const model::Graph& graph, const std::vector<int>& nodes) {
  std::string known;
  for (size_t i = 0; i < nodes.size(); ++i) known += (i ? ", " : "") + graph.node_name(nodes[i]);
  return known;
}

// File stems that stay distinct even when two layer names sanitise to the same text.
std::vector<std::string> unique_stems(const model::Graph& graph, const std::vector<int>& layers) {
  std::map<std::string, int> used;
  std::vector<std::string> stems;
  for (int index : layers) {
    std::string stem = io::safe_file_stem(graph.node_name(index));
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

// Pattern i of the export is pattern i of every input, so every input needs as many.
int64_t common_count(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs) {
  if (inputs.size() != graph.input_layers().size()) throw_internal("export", "one pattern source per model input expected");
  const int64_t count = inputs.front()->count();
  for (size_t k = 1; k < inputs.size(); ++k) {
    if (inputs[k]->count() != count) {
      throw_bad_input("--patterns", "input '" + graph.node_name(graph.input_layers()[k]) + "' has " +
                                        std::to_string(inputs[k]->count()) + " patterns, input '" +
                                        graph.node_name(graph.input_layers()[0]) + "' has " + std::to_string(count));
    }
  }
  return count;
}

nlohmann::json describe_patterns(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs) {
  if (inputs.size() == 1) return inputs[0]->describe();
  nlohmann::json described = nlohmann::json::object();
  for (size_t k = 0; k < inputs.size(); ++k) described[graph.node_name(graph.input_layers()[k])] = inputs[k]->describe();
  return described;
}

}  // namespace

std::vector<int> select_layers(const model::Graph& graph, const std::vector<std::string>& names) {
  std::vector<int> all;
  for (int i = 0; i < graph.size(); ++i) all.push_back(i);
  if (names.empty()) return all;
  std::vector<int> selected;
  for (const std::string& name : names) {
    const std::optional<int> index = graph.find(name);
    if (!index) throw_bad_input("--layers", "no layer named '" + name + "' (layers: " + node_names(graph, all) + ")");
    selected.push_back(*index);
  }
  return selected;
}

std::vector<std::string> assign_pattern_specs(const model::Graph& graph, const std::vector<std::string>& specs) {
  const std::vector<int>& inputs = graph.input_layers();
  std::vector<std::string> assigned(inputs.size());
  if (specs.empty()) {
    assigned.assign(inputs.size(), "random");
    return assigned;
  }
  const std::string usage = "the model's inputs are " + node_names(graph, inputs) + ": give --patterns NAME=SRC for each";
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
    if (!assigned[*match].empty()) throw_bad_input("--patterns " + spec, "input '" + graph.node_name(inputs[*match]) + "' is given twice");
    assigned[*match] = spec.substr(graph.node_name(inputs[*match]).size() + 1);
  }
  for (size_t k = 0; k < inputs.size(); ++k) {
    if (assigned[k].empty()) throw_bad_input("--patterns", "no patterns for input '" + graph.node_name(inputs[k]) + "' (" + usage + ")");
  }
  return assigned;
}

void export_activations(const model::Graph& graph, patterns::PatternSource& patterns, compute::Backend& backend,
                        const ExportOptions& options) {
  patterns::PatternSource* const inputs[] = {&patterns};
  export_activations(graph, inputs, backend, options);
}

void export_activations(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs,
                        compute::Backend& backend, const ExportOptions& options) {
  const std::vector<int> layers = select_layers(graph, options.layers);
  const int64_t count = common_count(graph, inputs);
  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec || !fs::is_directory(options.out_dir)) throw_bad_input(options.out_dir.string(), "cannot create the output folder");

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
                       {"layer", graph.node_name(index)},
                       {"class", graph.layer(index).keras_class()},
                       {"shape", full}});
  }

  std::vector<std::vector<float>> input_buffers(inputs.size());
  std::vector<const float*> input_pointers(inputs.size());
  for (size_t k = 0; k < inputs.size(); ++k) {
    input_buffers[k].resize(static_cast<size_t>(batch * element_count(inputs[k]->shape())));
    input_pointers[k] = input_buffers[k].data();
  }
  std::vector<float> outputs;
  for (int64_t first = 0; first < count; first += batch) {
    const int64_t n = std::min(batch, count - first);
    for (size_t k = 0; k < inputs.size(); ++k) inputs[k]->read(first, n, input_buffers[k].data());
    backend.run(input_pointers, n);
    for (size_t k = 0; k < layers.size(); ++k) {
      outputs.resize(static_cast<size_t>(n * element_count(graph.output_shape(layers[k]))));
      backend.download(layers[k], outputs);
      writers[k]->append(outputs.data(), n);
    }
  }
  for (auto& writer : writers) writer->finish();

  write_index(options.out_dir / "layers.json", {{"model", graph.source_file()},
                                                {"patterns", describe_patterns(graph, inputs)},
                                                {"count", count},
                                                {"format", extension.substr(1)},
                                                {"layers", entries}});
}

}  // namespace cerebro::app
