#pragma once
// Reference data beside a model file, in the layout of ../shared/fixtures/keras/ref/ (our own
// tests/fixtures/ref/ uses the same): <model>.input.npy, <model>.npz (every layer's output,
// keyed by layer name), <model>.summary.json (Keras' own summary facts).
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/npy.hpp"

namespace cerebro::testing {

struct Reference {
  io::NpyArray input;  // empty for a model with several inputs (see the npz)
  std::map<std::string, io::NpyArray, std::less<>> layers;
  nlohmann::json summary;
};

// `ref_dir / (model_filename + ".input.npy")` and so on.
Reference load_reference(const std::filesystem::path& ref_dir, const std::string& model_filename);

std::vector<float> to_floats(const std::vector<double>& values);

}  // namespace cerebro::testing
