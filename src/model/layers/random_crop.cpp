#include "model/layers/random_crop.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"
#include "model/layers/resize.hpp"

namespace cerebro::model {

Shape RandomCrop::infer_shape(std::span<const Shape> inputs) const {
  require_spatial_input(*this, inputs, 2);
  return {height_, width_, inputs[0][2]};
}

void RandomCrop::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const int64_t height = in.shape[0];
  const int64_t width = in.shape[1];
  // tf_keras/src/utils/image_utils.py smart_resize, with its float32 arithmetic and truncation.
  // (At least one cell, where TensorFlow would fail on an empty window.)
  const int64_t crop_height = std::clamp<int64_t>(
      static_cast<int64_t>(static_cast<float>(width * height_) / static_cast<float>(width_)), 1, height);
  const int64_t crop_width = std::clamp<int64_t>(
      static_cast<int64_t>(static_cast<float>(height * width_) / static_cast<float>(height_)), 1, width);
  const ResizeWindow window{static_cast<int64_t>(static_cast<float>(height - crop_height) / 2.0f),
                            static_cast<int64_t>(static_cast<float>(width - crop_width) / 2.0f), crop_height,
                            crop_width};
  for (int64_t n = 0; n < in.batch; ++n) {
    resize_bilinear(in.data + n * in.pattern_size(), width, in.shape[2], window, height_, width_,
                    out.data + n * out.pattern_size());
  }
}

std::unique_ptr<Layer> make_random_crop(const LayerConfig& config) {
  // Keras 3 (checked with 3.15.1) returns its input unchanged at inference although the model
  // declares the cropped shape, so no output cerebro could compute would match both.
  if (config.keras_major >= 3) {
    throw_unsupported(config.context(), "Keras 3's RandomCrop does not crop at inference; not supported");
  }
  require_channels_last(config);
  const int64_t height = config.get_int("height", 0);
  const int64_t width = config.get_int("width", 0);
  if (height <= 0 || width <= 0) throw_bad_input(config.context(), "height and width must be positive integers");
  return std::make_unique<RandomCrop>(config.name, height, width);
}

}  // namespace cerebro::model
