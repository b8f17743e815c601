#include "model/layers/rescaling.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Shape Rescaling::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  return inputs[0];
}

void Rescaling::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const int64_t count = inputs[0].batch * inputs[0].pattern_size();
  // Keras casts scale and offset to the layer's float32 dtype before x * scale + offset.
  std::transform(inputs[0].data, inputs[0].data + count, out.data,
                 [scale = scale_, offset = offset_](float x) { return x * scale + offset; });
}

std::unique_ptr<Layer> make_rescaling(const LayerConfig& config) {
  for (const char* key : {"scale", "offset"}) {
    if (config.has(key) && !config.config.at(key).is_number()) {
      throw_unsupported(config.context(), std::string(key) + " is not a single number (per-channel values are not supported)");
    }
  }
  return std::make_unique<Rescaling>(config.name, static_cast<float>(config.get_double("scale", 1.0)),
                                     static_cast<float>(config.get_double("offset", 0.0)));
}

}  // namespace cerebro::model
