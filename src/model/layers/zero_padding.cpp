#include "model/layers/zero_padding.hpp"

#include <algorithm>

namespace cerebro::model {

ZeroPadding::ZeroPadding(std::string name, std::string keras_class, int rank, const EdgePairs& padding)
    : Layer(std::move(name), std::move(keras_class)), rank_(rank), padding_(padding) {}

Shape ZeroPadding::infer_shape(std::span<const Shape> inputs) const {
  require_spatial_input(*this, inputs, rank_);
  Shape out = inputs[0];
  if (rank_ == 2) out[0] += padding_[0][0] + padding_[0][1];
  out[static_cast<size_t>(rank_) - 1] += padding_[1][0] + padding_[1][1];
  return out;
}

void ZeroPadding::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const int64_t height = rank_ == 2 ? in.shape[0] : 1;
  const int64_t row = in.shape[static_cast<size_t>(rank_) - 1] * in.shape.back();  // values per input row
  const int64_t out_row = out.shape[static_cast<size_t>(rank_) - 1] * in.shape.back();
  const int64_t left = padding_[1][0] * in.shape.back();
  const int64_t top = rank_ == 2 ? padding_[0][0] : 0;
  std::fill_n(out.data, out.batch * out.pattern_size(), 0.0f);
  for (int64_t n = 0; n < in.batch; ++n) {
    const float* src = in.data + n * in.pattern_size();
    float* dst = out.data + n * out.pattern_size();
    for (int64_t y = 0; y < height; ++y) std::copy_n(src + y * row, row, dst + (y + top) * out_row + left);
  }
}

std::unique_ptr<Layer> make_zero_padding1d(const LayerConfig& config) {
  return std::make_unique<ZeroPadding>(config.name, config.class_name, 1, edge_pairs(config, "padding", 1));
}

std::unique_ptr<Layer> make_zero_padding2d(const LayerConfig& config) {
  require_channels_last(config);
  return std::make_unique<ZeroPadding>(config.name, config.class_name, 2, edge_pairs(config, "padding", 2));
}

}  // namespace cerebro::model
