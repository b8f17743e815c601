#pragma once
// Keras 3's own formats: the `.keras` zip (config.json, metadata.json, model.weights.h5) and the
// `.weights.h5` file of model.save_weights(), which share one weights layout.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "io/hdf5.hpp"
#include "io/keras/model_spec.hpp"
#include "model/graph.hpp"

namespace cerebro::io {

// Size limits for the entries of a .keras zip, checked against what each entry declares before
// anything is inflated.
inline constexpr uint64_t kMaxConfigBytes = uint64_t{64} << 20;
inline constexpr uint64_t kMaxWeightsBytes = uint64_t{2} << 30;

struct KerasArchiveContents {
  nlohmann::json config;           // config.json: the model config
  KerasContext context;            // keras_version from metadata.json
  std::unique_ptr<H5File> weights;  // model.weights.h5, opened from memory
};

KerasArchiveContents read_keras_archive(const std::string& path);

class KerasArchive;
// config.json and metadata.json of an open archive (read_keras_archive's first half; the fuzz
// target for the zip container stops here). `weights` is left empty.
KerasArchiveContents read_keras_config(const KerasArchive& archive);

// Keras' naming.to_snake_case, which names the weight groups: "MaxPooling2D" -> "max_pooling2d".
std::string keras_snake_case(const std::string& class_name);

// Whether an HDF5 file has the Keras 3 weights layout (a `layers` or `vars` group at the root).
bool has_v3_weights_layout(const H5File& file);

// Applies weights in the Keras 3 layout. Keras (saving_lib._save_state) stores each layer's
// variables as datasets vars/0, vars/1, ... under a path built from the model's layer list:
// layers/<snake_case(class)>, with _1, _2, ... for later layers of the same class (counted per
// model; a Sequential's InputLayer is not in its list), nested models recursively
// (layers/functional/layers/dense/vars). Layer names play no part: a layer named "my_dense" may
// sit under layers/dense_1. Counts and shapes are checked; a mismatch names the path.
void apply_v3_weights(const H5File& file, ModelSpec& spec, model::Graph& graph);

}  // namespace cerebro::io
