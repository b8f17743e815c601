#include "model/layer_registry.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "model/layers/activation_layer.hpp"
#include "model/layers/dense.hpp"
#include "model/layers/dropout.hpp"
#include "model/layers/flatten.hpp"
#include "model/layers/input_layer.hpp"

namespace cerebro::model {
namespace {

using Factory = std::unique_ptr<Layer> (*)(const LayerConfig&);

struct Entry {
  std::string_view keras_class;
  Factory factory;
};

// An explicit table rather than self-registration: static registrars in a static library are
// silently dropped by the linker.
constexpr std::array kFactories{
    Entry{"InputLayer", &make_input_layer},
    Entry{"Dense", &make_dense},
    Entry{"Flatten", &make_flatten},
    Entry{"Activation", &make_activation_layer},
    Entry{"Dropout", &make_dropout},
};

// Classes whose config holds Python code or calls into TensorFlow ops by name.
constexpr std::array<std::string_view, 3> kCodeCarrying{"Lambda", "TFOpLambda", "SlicingOpLambda"};

}  // namespace

std::unique_ptr<Layer> create_layer(const LayerConfig& config) {
  if (std::find(kCodeCarrying.begin(), kCodeCarrying.end(), config.class_name) != kCodeCarrying.end()) {
    throw_unsupported(config.context(), "carries Python code, which cerebro never runs; refusing the model");
  }
  for (const Entry& entry : kFactories) {
    if (entry.keras_class == config.class_name) {
      std::unique_ptr<Layer> layer = entry.factory(config);
      layer->set_trainable(config.get_bool("trainable", true));
      return layer;
    }
  }
  throw_unsupported(config.context(), "Keras class '" + config.class_name + "' is not supported");
}

std::vector<std::string_view> supported_layer_classes() {
  std::vector<std::string_view> names;
  for (const Entry& entry : kFactories) names.push_back(entry.keras_class);
  return names;
}

}  // namespace cerebro::model
