#include "model/layers/normalization.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

NormalizationLayer::NormalizationLayer(std::string name, std::string keras_class, std::vector<int64_t> keras_axes,
                                       double epsilon, bool center, bool scale)
    : Layer(std::move(name), std::move(keras_class)),
      keras_axes_(std::move(keras_axes)),
      epsilon_(epsilon),
      center_(center),
      scale_(scale) {}

std::vector<int> NormalizationLayer::listed_axes(const Shape& input) const {
  std::vector<int> listed;
  for (int64_t axis : keras_axes_) listed.push_back(keras_axis_to_pattern(axis, input.size(), layer_context(*this)));
  std::vector<int> sorted = listed;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    throw_bad_input(layer_context(*this), "axis lists the same axis twice");
  }
  return listed;
}

Shape NormalizationLayer::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  listed_axes(inputs[0]);
  return inputs[0];
}

std::vector<int> NormalizationLayer::axes(const Shape& input) const {
  std::vector<int> sorted = listed_axes(input);
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

NormalizationConfig read_normalization_config(const LayerConfig& config) {
  NormalizationConfig read;
  read.axes = int_list(config, "axis", {-1});
  if (read.axes.empty()) throw_bad_input(config.context(), "axis lists no axis");
  read.epsilon = config.get_double("epsilon", 1e-3);
  if (!(read.epsilon >= 0.0)) throw_bad_input(config.context(), "epsilon must not be negative");
  read.center = config.get_bool("center", true);
  read.scale = config.get_bool("scale", true);
  return read;
}

}  // namespace cerebro::model
