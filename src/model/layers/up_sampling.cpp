#include "model/layers/up_sampling.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"
#include "model/layers/resize.hpp"

namespace cerebro::model {

UpSampling::UpSampling(std::string name, std::string keras_class, int rank, std::array<int64_t, 2> size,
                       Interpolation interpolation)
    : Layer(std::move(name), std::move(keras_class)), rank_(rank), size_(size), interpolation_(interpolation) {}

Shape UpSampling::infer_shape(std::span<const Shape> inputs) const {
  require_spatial_input(*this, inputs, rank_);
  Shape out = inputs[0];
  if (rank_ == 2) out[0] *= size_[0];
  out[static_cast<size_t>(rank_) - 1] *= size_[1];
  return out;
}

void UpSampling::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const int64_t channels = in.shape.back();
  const int64_t height = rank_ == 2 ? in.shape[0] : 1;
  const int64_t width = in.shape[static_cast<size_t>(rank_) - 1];
  const int64_t out_height = height * size_[0];
  const int64_t out_width = width * size_[1];
  for (int64_t n = 0; n < in.batch; ++n) {
    const float* src = in.data + n * in.pattern_size();
    float* dst = out.data + n * out.pattern_size();
    if (interpolation_ == Interpolation::Bilinear) {
      resize_bilinear(src, width, channels, ResizeWindow{0, 0, height, width}, out_height, out_width, dst);
      continue;
    }
    for (int64_t y = 0; y < out_height; ++y) {
      for (int64_t x = 0; x < out_width; ++x, dst += channels) {
        std::copy_n(src + ((y / size_[0]) * width + x / size_[1]) * channels, channels, dst);
      }
    }
  }
}

std::unique_ptr<Layer> make_up_sampling1d(const LayerConfig& config) {
  const std::vector<int64_t> size = int_tuple(config, "size", 1, {2});
  if (size[0] <= 0) throw_bad_input(config.context(), "size must be positive");
  return std::make_unique<UpSampling>(config.name, config.class_name, 1, std::array<int64_t, 2>{1, size[0]},
                                      Interpolation::Nearest);
}

std::unique_ptr<Layer> make_up_sampling2d(const LayerConfig& config) {
  require_channels_last(config);
  const std::vector<int64_t> size = int_tuple(config, "size", 2, {2, 2});
  if (size[0] <= 0 || size[1] <= 0) throw_bad_input(config.context(), "size must be positive");
  const std::string interpolation = config.get_string("interpolation", "nearest");
  if (interpolation != "nearest" && interpolation != "bilinear") {
    throw_unsupported(config.context(), "interpolation '" + interpolation + "' is not supported (nearest, bilinear)");
  }
  return std::make_unique<UpSampling>(config.name, config.class_name, 2, std::array<int64_t, 2>{size[0], size[1]},
                                      interpolation == "bilinear" ? Interpolation::Bilinear : Interpolation::Nearest);
}

}  // namespace cerebro::model
