#include "app/export_job.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <memory>
#include <nlohmann/json.hpp>

#include "app/model_inputs.hpp"
#include "core/error.hpp"

namespace cerebro::app {
namespace fs = std::filesystem;

namespace {

std::string node_names(const model::Graph& graph, const std::vector<int>& nodes) {
  std::string known;
  for (size_t i = 0; i < nodes.size(); ++i) known += (i ? ", " : "") + graph.node_name(nodes[i]);
  return known;
}

// File names that stay distinct whatever the layer names: "x y", "x_y" and "x_y_2" all sanitise
// towards "x_y", and a layer named "layers" exported as JSON would overwrite the index. Each name
// takes the first free "stem", "stem_2", "stem_3", ... (Keras' own names keep their plain stem).
std::vector<std::string> unique_files(const model::Graph& graph, const std::vector<int>& layers,
                                      const std::string& extension) {
  std::set<std::string> taken{"layers.json", "layers.json.tmp"};
  std::vector<std::string> files;
  for (int index : layers) {
    const std::string stem = io::safe_file_stem(graph.node_name(index));
    std::string file = stem + extension;
    for (int n = 2; !taken.insert(file).second; ++n) file = stem + "_" + std::to_string(n) + extension;
    files.push_back(std::move(file));
  }
  return files;
}

// Written through a temporary file and a rename, so layers.json is always one whole document: the
// one that says complete: false stays in place when the final one cannot be written. The temporary
// is made afresh (O_EXCL) and never through a symbolic link (O_NOFOLLOW): a link planted under that
// name in a shared --out folder must not redirect the write outside it.
void write_index(const fs::path& path, const nlohmann::json& index) {
  const fs::path temporary = path.string() + ".tmp";
  ::unlink(temporary.c_str());  // a stale one, or a link (never what it points to; never a folder)
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw_bad_input(path.string(), "cannot write: cannot create " + temporary.filename().string() + ": " +
                                       std::strerror(errno));
  }
  const std::string text = index.dump(1) + '\n';
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) break;
    done += static_cast<size_t>(wrote);
  }
  const std::string reason = done < text.size() ? std::strerror(errno) : "";
  const bool closed = ::close(fd) == 0;
  std::error_code ec;
  if (done == text.size() && closed) fs::rename(temporary, path, ec);
  if (done < text.size() || !closed || ec) {
    ::unlink(temporary.c_str());
    throw_bad_input(path.string(), "cannot write" + (reason.empty() ? std::string() : ": " + reason));
  }
}

// An export that stops half-way (a full disk, a bad pattern file) leaves layers.json saying
// complete: false and why, the layer files it was writing removed (ActivationWriter does that).
void mark_incomplete(const fs::path& path, nlohmann::json index, const std::string& why) {
  index["complete"] = false;
  index["error"] = why;
  try {
    write_index(path, index);
  } catch (const Error&) {
    // The disk may be full: the complete: false written before the first value stays.
  }
}

void write_batches(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs,
                   compute::Backend& backend, const std::vector<int>& layers, int64_t batch,
                   std::vector<std::unique_ptr<io::ActivationWriter>>& writers) {
  const int64_t count = inputs.front()->count();
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

void export_activations(const model::Graph& graph, patterns::PatternSource& patterns, compute::Backend& backend,
                        const ExportOptions& options) {
  patterns::PatternSource* const inputs[] = {&patterns};
  export_activations(graph, inputs, backend, options);
}

void export_activations(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs,
                        compute::Backend& backend, const ExportOptions& options) {
  const std::vector<int> layers = select_layers(graph, options.layers);
  const int64_t count = common_count(graph, inputs);
  const int64_t batch = std::min(options.batch, count);
  backend.plan(graph, batch);
  io::make_output_folder(options.out_dir);  // after the plan: a refused model leaves nothing on disk

  const std::string extension(io::export_extension(options.format));
  const std::vector<std::string> files = unique_files(graph, layers, extension);
  nlohmann::json entries = nlohmann::json::array();
  for (size_t k = 0; k < layers.size(); ++k) {
    Shape full{count};
    full.insert(full.end(), graph.output_shape(layers[k]).begin(), graph.output_shape(layers[k]).end());
    entries.push_back({{"file", files[k]},
                       {"layer", graph.node_name(layers[k])},
                       {"class", graph.layer(layers[k]).keras_class()},
                       {"shape", full}});
  }
  // Written before any layer file is touched, so a stopped export never leaves an older
  // layers.json that says complete beside files it has replaced.
  const fs::path index_path = options.out_dir / "layers.json";
  nlohmann::json index = {{"model", graph.source_file()},
                          {"patterns", describe_patterns(graph, inputs)},
                          {"count", count},
                          {"format", extension.substr(1)},
                          {"complete", false},
                          {"layers", entries}};
  write_index(index_path, index);
  std::vector<std::unique_ptr<io::ActivationWriter>> writers;
  try {
    for (size_t k = 0; k < layers.size(); ++k) {
      writers.push_back(std::make_unique<io::ActivationWriter>(options.out_dir / files[k], options.format,
                                                               graph.output_shape(layers[k]), count));
    }
    write_batches(graph, inputs, backend, layers, batch, writers);
  } catch (const Error& error) {
    writers.clear();
    mark_incomplete(index_path, index, error.what());
    throw;
  }
  index["complete"] = true;
  write_index(index_path, index);
}

}  // namespace cerebro::app
