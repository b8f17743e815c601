#include "support/reference.hpp"

#include <fstream>

#include "io/npz.hpp"
#include "support/test_support.hpp"

namespace cerebro::testing {

Reference load_reference(const std::filesystem::path& ref_dir, const std::string& model_filename) {
  Reference ref;
  const auto prefix = ref_dir / model_filename;
  // Models with several inputs have one <model>.input.<input>.npy per input instead; the npz holds
  // every input layer's output (the input itself) either way.
  if (std::filesystem::exists(prefix.string() + ".input.npy")) {
    ref.input = io::parse_npy(read_text(prefix.string() + ".input.npy"), prefix.string() + ".input.npy");
  }
  ref.layers = io::read_npz(prefix.string() + ".npz");
  ref.summary = nlohmann::json::parse(read_text(prefix.string() + ".summary.json"));
  return ref;
}

std::vector<float> to_floats(const std::vector<double>& values) {
  return std::vector<float>(values.begin(), values.end());
}

}  // namespace cerebro::testing
