#pragma once
// From a Keras class name to the layer kind that implements it.
#include <memory>
#include <string_view>
#include <vector>

#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Creates the layer a Keras config describes. An unknown class, or one that carries code (Lambda),
// is an Unsupported error naming the layer and its class; nothing from the file is ever run.
std::unique_ptr<Layer> create_layer(const LayerConfig& config);

// The Keras classes cerebro can build, for messages and docs.
std::vector<std::string_view> supported_layer_classes();

}  // namespace cerebro::model
