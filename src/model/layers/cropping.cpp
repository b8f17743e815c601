#include "model/layers/cropping.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace cerebro::model {

Cropping::Cropping(std::string name, std::string keras_class, int rank, const EdgePairs& cropping)
    : Layer(std::move(name), std::move(keras_class)), rank_(rank), cropping_(cropping) {}

Shape Cropping::infer_shape(std::span<const Shape> inputs) const {
  require_spatial_input(*this, inputs, rank_);
  Shape out = inputs[0];
  if (rank_ == 2) out[0] -= cropping_[0][0] + cropping_[0][1];
  out[static_cast<size_t>(rank_) - 1] -= cropping_[1][0] + cropping_[1][1];
  for (size_t d = 0; d + 1 < out.size(); ++d) {
    if (out[d] <= 0) {
      throw_bad_input(layer_context(*this), "crops away every cell of an input of shape " + shape_tuple(inputs[0]));
    }
  }
  return out;
}

void Cropping::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const int64_t channels = in.shape.back();
  const int64_t out_height = rank_ == 2 ? out.shape[0] : 1;
  const int64_t row = in.shape[static_cast<size_t>(rank_) - 1] * channels;
  const int64_t out_row = out.shape[static_cast<size_t>(rank_) - 1] * channels;
  const int64_t left = cropping_[1][0] * channels;
  const int64_t top = rank_ == 2 ? cropping_[0][0] : 0;
  for (int64_t n = 0; n < in.batch; ++n) {
    const float* src = in.data + n * in.pattern_size();
    float* dst = out.data + n * out.pattern_size();
    for (int64_t y = 0; y < out_height; ++y) std::copy_n(src + (y + top) * row + left, out_row, dst + y * out_row);
  }
}

std::unique_ptr<Layer> make_cropping1d(const LayerConfig& config) {
  return std::make_unique<Cropping>(config.name, config.class_name, 1, edge_pairs(config, "cropping", 1));
}

std::unique_ptr<Layer> make_cropping2d(const LayerConfig& config) {
  require_channels_last(config);
  return std::make_unique<Cropping>(config.name, config.class_name, 2, edge_pairs(config, "cropping", 2));
}

}  // namespace cerebro::model
