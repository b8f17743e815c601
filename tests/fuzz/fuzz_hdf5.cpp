// Fuzz target: HDF5 on in-memory files (io::H5File over the core driver, as a .keras file's weights
// are opened): open the image, walk its groups, and read what the Keras loaders read: the string
// attributes (model_config, keras_version, backend, layer_names, weight_names, split name0/name1
// lists) and float datasets.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "fuzz_util.hpp"
#include "io/hdf5.hpp"

namespace {

using cerebro::fuzz::attempt;

constexpr int kMaxDepth = 6;
constexpr size_t kMaxChildren = 32;

const char* const kAttributes[] = {"model_config", "keras_version", "backend", "layer_names", "weight_names"};

void walk(const cerebro::io::H5File& file, const std::string& path, int depth) {
  for (const char* name : kAttributes) {
    attempt([&] {
      if (file.has_attribute(path, name)) file.string_list_attribute(path, name);
    });
  }
  attempt([&] { file.string_attribute(path, "keras_version"); });
  std::vector<std::string> children;
  attempt([&] { children = file.children(path); });
  if (children.empty() && path != "/") {
    attempt([&] { file.read_floats(path); });
    return;
  }
  if (depth >= kMaxDepth) return;
  for (size_t i = 0; i < children.size() && i < kMaxChildren; ++i) {
    walk(file, (path == "/" ? "" : path) + "/" + children[i], depth + 1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const std::vector<char> image(data, data + size);
    const cerebro::io::H5File file("fuzz.h5", image);
    walk(file, "/", 0);
  } catch (const cerebro::Error& error) {
    if (error.kind() == cerebro::ErrorKind::Internal) throw;
  }
  return 0;
}
