#include "io/keras/keras_v3.hpp"

#include <map>
#include <regex>

#include "core/error.hpp"
#include "io/keras/keras_archive.hpp"
#include "io/keras/weight_slots.hpp"

namespace cerebro::io {
namespace {

constexpr uint64_t kMaxMetadataBytes = uint64_t{1} << 20;

nlohmann::json parse_entry(const KerasArchive& archive, const std::string& entry, uint64_t limit) {
  const std::vector<char> bytes = archive.read(entry, limit);
  nlohmann::json value = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (value.is_discarded() || !value.is_object()) throw_bad_input(archive.path() + ": " + entry, "is not a JSON object");
  return value;
}

// Keras' _get_unique_name: the first "dense", then "dense_1", "dense_2", ...
std::string unique_name(const std::string& base, std::map<std::string, int>& used) {
  auto [it, fresh] = used.emplace(base, 0);
  if (fresh) return base;
  return base + "_" + std::to_string(++it->second);
}

void apply_leaf(const H5File& file, const std::string& path, const LayerSpec& member, model::Graph& graph) {
  const int node = member.nodes.front();
  const size_t count = expected_weight_count(graph, node);
  if (count == 0) return;
  const std::string context = file.path() + ": layer '" + member.name + "' (" + member.keras_class + ")";
  const std::string vars = path + "/vars";
  if (!file.has_object(vars)) throw_bad_input(context, "has no weights in the file (nothing at " + vars.substr(1) + ")");
  const size_t stored = file.children(vars).size();
  if (stored != count) {
    throw_bad_input(context, "has " + std::to_string(stored) + " weights at " + vars.substr(1) + ", expected " +
                                 std::to_string(count));
  }
  std::vector<model::Weight> weights;
  for (size_t i = 0; i < count; ++i) {
    const std::string name = vars + "/" + std::to_string(i);
    FloatArray array = file.read_floats(name);
    weights.push_back(model::Weight{name.substr(1), std::move(array.shape), std::move(array.values)});
  }
  graph.set_weights(node, std::move(weights), file.path());
}

void apply_model(const H5File& file, const std::string& path, const ModelSpec& spec, model::Graph& graph) {
  std::map<std::string, int> used;
  for (const LayerSpec& member : spec.layers) {
    // Sequential.layers leaves its InputLayer out; a Functional model's layers include them.
    if (member.implicit_input || (spec.sequential && member.keras_class == "InputLayer")) continue;
    const std::string member_path = path + "/layers/" + unique_name(keras_snake_case(member.keras_class), used);
    if (member.nested) {
      apply_model(file, member_path, *member.nested, graph);
    } else if (!member.nodes.empty()) {
      apply_leaf(file, member_path, member, graph);
    }
  }
}

}  // namespace

std::string keras_snake_case(const std::string& class_name) {
  static const std::regex non_word(R"([^A-Za-z0-9_]+)");
  static const std::regex capitalised_word("(.)([A-Z][a-z]+)");
  static const std::regex lower_upper("([a-z])([A-Z])");
  std::string name = std::regex_replace(class_name, non_word, "");
  name = std::regex_replace(name, capitalised_word, "$1_$2");
  name = std::regex_replace(name, lower_upper, "$1_$2");
  for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return name;
}

bool has_v3_weights_layout(const H5File& file) { return file.has_object("/layers") || file.has_object("/vars"); }

void apply_v3_weights(const H5File& file, ModelSpec& spec, model::Graph& graph) { apply_model(file, "", spec, graph); }

KerasArchiveContents read_keras_config(const KerasArchive& archive) {
  const std::string& path = archive.path();
  if (!archive.has("config.json")) {
    throw_bad_input(path, "is a zip without config.json: not a Keras 3 .keras file");
  }
  KerasArchiveContents contents;
  contents.config = parse_entry(archive, "config.json", kMaxConfigBytes);
  std::string version;
  if (archive.has("metadata.json")) {
    const nlohmann::json metadata = parse_entry(archive, "metadata.json", kMaxMetadataBytes);
    if (metadata.contains("keras_version") && metadata["keras_version"].is_string()) version = metadata["keras_version"];
  }
  // tf_keras 2.13+ writes .keras files too; they hold Keras 2 configs.
  contents.context = KerasContext{path, version, version.empty() ? 3 : keras_major_version(version)};
  return contents;
}

KerasArchiveContents read_keras_archive(const std::string& path) {
  const KerasArchive archive(path);
  KerasArchiveContents contents = read_keras_config(archive);
  if (!archive.has("model.weights.h5")) {
    if (archive.has("model.weights.npz")) throw_unsupported(path, "stores its weights as model.weights.npz; not supported");
    if (archive.has("model.weights.json")) throw_unsupported(path, "stores its weights in shards (model.weights.json); not supported");
    throw_bad_input(path, "has no model.weights.h5 (saved without weights?)");
  }
  contents.weights = std::make_unique<H5File>(path + ": model.weights.h5", archive.read("model.weights.h5", kMaxWeightsBytes));
  return contents;
}

}  // namespace cerebro::io
