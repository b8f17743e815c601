#include "model/layers/dropout.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace cerebro::model {

Shape Dropout::infer_shape(std::span<const Shape> inputs) const {
  if (inputs.size() != 1) throw_bad_input("layer '" + name() + "' (" + keras_class() + ")", "needs exactly one input");
  return inputs[0];
}

void Dropout::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  std::copy_n(inputs[0].data, inputs[0].batch * inputs[0].pattern_size(), out.data);
}

std::unique_ptr<Layer> make_dropout(const LayerConfig& config) {
  return std::make_unique<Dropout>(config.name, config.class_name);
}

}  // namespace cerebro::model
