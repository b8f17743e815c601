#include "model/layers/input_layer.hpp"

#include "core/error.hpp"

namespace cerebro::model {

InputLayer::InputLayer(std::string name, Shape shape)
    : Layer(std::move(name), "InputLayer"), shape_(std::move(shape)) {}

Shape InputLayer::infer_shape(std::span<const Shape> inputs) const {
  if (!inputs.empty()) throw_bad_input("layer '" + name() + "'", "an InputLayer takes no inputs");
  return shape_;
}

void InputLayer::forward_cpu(std::span<const BatchView>, const MutableBatchView&) const {
  // The backend copies the patterns into this layer's buffer; there is nothing to compute.
}

Shape declared_input_shape(const LayerConfig& config) {
  const char* key = config.has("batch_input_shape") ? "batch_input_shape" : "batch_shape";
  if (!config.has(key)) return {};
  const auto& dims = config.config.at(key);
  if (!dims.is_array() || dims.size() < 2) {
    throw_bad_input(config.context(), std::string(key) + " must list a batch axis and at least one dimension");
  }
  Shape shape;
  for (size_t i = 1; i < dims.size(); ++i) {
    if (!dims[i].is_number_integer()) {
      throw_unsupported(config.context(), std::string(key) + " has an unknown dimension (None): cerebro needs fixed input shapes");
    }
    shape.push_back(dims[i].get<int64_t>());
  }
  validate_shape(shape, config.context());
  return shape;
}

std::unique_ptr<Layer> make_input_layer(const LayerConfig& config) {
  Shape shape = declared_input_shape(config);
  if (shape.empty()) throw_bad_input(config.context(), "InputLayer declares no input shape");
  return std::make_unique<InputLayer>(config.name, std::move(shape));
}

}  // namespace cerebro::model
