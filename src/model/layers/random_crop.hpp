#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras RandomCrop at inference, as tf.keras (2.x) computes it: not a plain centre crop but
// smart_resize — the largest centred window with the target's aspect ratio, resized
// bilinearly to (height, width). When the input is exactly as large as that window the result
// is the centre crop. Keras 3 files are refused (see make_random_crop).
class RandomCrop final : public Layer {
 public:
  RandomCrop(std::string name, int64_t height, int64_t width)
      : Layer(std::move(name), "RandomCrop"), height_(height), width_(width) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

 private:
  int64_t height_;
  int64_t width_;
};

std::unique_ptr<Layer> make_random_crop(const LayerConfig& config);

}  // namespace cerebro::model
