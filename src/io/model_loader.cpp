#include "io/model_loader.hpp"

#include <filesystem>

#include "core/error.hpp"
#include "io/keras/legacy_h5.hpp"

namespace cerebro::io {

model::Graph load_model(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw_bad_input(path, "no such file");
  if (std::filesystem::is_directory(path, ec)) throw_bad_input(path, "is a directory, not a model file");
  if (std::filesystem::path(path).extension() == ".keras") {
    throw_unsupported(path, "Keras 3 .keras files are not supported yet");
  }
  return load_legacy_h5(path);
}

}  // namespace cerebro::io
