#include "io/model_loader.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "io/hdf5.hpp"
#include "io/isolated_read.hpp"
#include "io/keras/build_graph.hpp"
#include "io/keras/keras_archive.hpp"
#include "io/keras/keras_v3.hpp"
#include "io/keras/legacy_h5.hpp"

namespace cerebro::io {
namespace {

enum class Layout { None, Legacy, V3 };

// Where a file keeps weights, if it has any.
struct WeightStore {
  std::unique_ptr<H5File> file;
  Layout layout = Layout::None;
  std::string group;  // legacy: the group holding one subgroup per layer

  void apply(ModelSpec& spec, model::Graph& graph) const {
    if (layout == Layout::Legacy) apply_legacy_weights(*file, group, spec, graph);
    if (layout == Layout::V3) apply_v3_weights(*file, spec, graph);
  }
};

struct Architecture {
  nlohmann::json config;
  KerasContext context;
  WeightStore weights;
};

void check_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw_bad_input(path, "no such file");
  if (std::filesystem::is_directory(path, ec)) throw_bad_input(path, "is a directory, not a model file");
}

bool has_extension(const std::string& path, const char* extension) {
  return std::filesystem::path(path).extension() == extension;
}

// A model.to_json() file: tf.keras records keras_version; Keras 3 records the config's "module".
Architecture read_json_architecture(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(0, std::ios::end);
  if (!in || static_cast<uint64_t>(in.tellg()) > kMaxConfigBytes) throw_bad_input(path, "cannot be read, or is over 64 MiB");
  in.seekg(0);
  Architecture arch;
  arch.config = nlohmann::json::parse(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), nullptr, false);
  if (arch.config.is_discarded() || !arch.config.is_object()) throw_bad_input(path, "is not a JSON model architecture");
  // Read as text only when they are text: a number there would make json::value throw.
  const auto text = [&](const char* key) {
    const auto found = arch.config.find(key);
    return found != arch.config.end() && found->is_string() ? found->get<std::string>() : std::string();
  };
  std::string version = text("keras_version");
  int major = keras_major_version(version);
  if (version.empty() && arch.config.contains("module")) major = text("module").rfind("tf_keras", 0) == 0 ? 2 : 3;
  if (!version.empty() && version[0] == '1') throw_unsupported(path, "was written by Keras " + version + "; Keras 1 files are not supported");
  if (text("backend") == "theano") throw_unsupported(path, "was written with the Theano backend; not supported");
  arch.context = KerasContext{path, version, major};
  return arch;
}

Architecture read_architecture(const std::string& path) {
  check_file(path);
  if (has_extension(path, ".json")) return read_json_architecture(path);
  Architecture arch;
  if (looks_like_zip(path)) {
    KerasArchiveContents contents = read_keras_archive(path);
    arch.config = std::move(contents.config);
    arch.context = std::move(contents.context);
    arch.weights = WeightStore{std::move(contents.weights), Layout::V3, ""};
    return arch;
  }
  if (has_extension(path, ".keras")) throw_bad_input(path, "is not a zip archive (a .keras file is one)");
  auto file = std::make_unique<H5File>(path);
  arch.config = legacy_h5_model_config(*file);
  arch.context = legacy_h5_context(*file, "/");
  const bool has_weights = file->has_object("/model_weights");
  arch.weights = WeightStore{std::move(file), has_weights ? Layout::Legacy : Layout::None, "/model_weights"};
  return arch;
}

WeightStore open_weights(const std::string& path) {
  check_file(path);
  if (looks_like_zip(path)) return WeightStore{read_keras_archive(path).weights, Layout::V3, ""};
  auto file = std::make_unique<H5File>(path);
  if (file->has_attribute("/", "model_config") && file->has_object("/model_weights")) {
    legacy_h5_context(*file, "/");
    return WeightStore{std::move(file), Layout::Legacy, "/model_weights"};
  }
  if (file->has_attribute("/", "layer_names")) {
    legacy_h5_context(*file, "/");
    return WeightStore{std::move(file), Layout::Legacy, "/"};
  }
  if (has_v3_weights_layout(*file)) return WeightStore{std::move(file), Layout::V3, ""};
  throw_bad_input(path, "is HDF5 but holds no Keras weights (no layer_names attribute, no layers group)");
}

model::Graph read_model(const std::string& path, const std::string& weights_path) {
  Architecture arch = read_architecture(path);
  const std::shared_ptr<ModelSpec> spec = parse_model(arch.config, arch.context);
  model::Graph graph = build_graph(*spec, arch.context);
  if (!weights_path.empty()) {
    open_weights(weights_path).apply(*spec, graph);
  } else if (arch.weights.layout == Layout::None) {
    throw_bad_input(path, has_extension(path, ".json")
                              ? "holds only an architecture: give its weights with --weights FILE"
                              : "has no model_weights group (saved without weights?): give them with --weights FILE");
  } else {
    arch.weights.apply(*spec, graph);
  }
  return graph;
}

}  // namespace

model::Graph load_model(const std::string& path, const std::string& weights_path) {
  // The whole read rehearsed in a child first: libhdf5 can crash or hang on a damaged file
  // (io/isolated_read.hpp). A file that made the child fail is refused here, in one line.
  rehearse_in_child(weights_path.empty() ? path : path + " (with " + weights_path + ")",
                    [&] { read_model(path, weights_path); });
  return read_model(path, weights_path);
}

}  // namespace cerebro::io
