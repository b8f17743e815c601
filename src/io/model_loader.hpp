#pragma once
#include <string>

#include "model/graph.hpp"

namespace cerebro::io {

// Loads a Keras model file, whichever generation wrote it. Errors name the file.
model::Graph load_model(const std::string& path);

}  // namespace cerebro::io
