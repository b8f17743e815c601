#pragma once
#include <array>

#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

enum class Interpolation { Nearest, Bilinear };

// Keras UpSampling1D/2D (channels_last): each cell repeated size times per axis (nearest), or
// (2-D only) tf.image.resize's bilinear with half-pixel centres, as TensorFlow 2 backends do.
class UpSampling final : public Layer {
 public:
  UpSampling(std::string name, std::string keras_class, int rank, std::array<int64_t, 2> size,
             Interpolation interpolation);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  Interpolation interpolation() const { return interpolation_; }

 private:
  int rank_;
  std::array<int64_t, 2> size_;  // (y, x); 1-D uses x
  Interpolation interpolation_;
};

std::unique_ptr<Layer> make_up_sampling1d(const LayerConfig& config);
std::unique_ptr<Layer> make_up_sampling2d(const LayerConfig& config);

}  // namespace cerebro::model
