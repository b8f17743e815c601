#include "model/layers/global_pooling.hpp"

#include <algorithm>
#include <limits>

#include "model/layers/layer_util.hpp"

namespace cerebro::model {

GlobalPooling::GlobalPooling(std::string name, std::string keras_class, PoolKind kind, int rank, bool keepdims)
    : Layer(std::move(name), std::move(keras_class)), kind_(kind), rank_(rank), keepdims_(keepdims) {}

Shape GlobalPooling::infer_shape(std::span<const Shape> inputs) const {
  require_spatial_input(*this, inputs, rank_);
  Shape out(keepdims_ ? static_cast<size_t>(rank_) : 0, 1);
  out.push_back(inputs[0].back());
  return out;
}

void GlobalPooling::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const int64_t channels = in.shape.back();
  const int64_t cells = in.pattern_size() / channels;
  std::vector<double> sums(static_cast<size_t>(channels));
  for (int64_t n = 0; n < in.batch; ++n) {
    const float* pattern = in.data + n * in.pattern_size();
    float* dst = out.data + n * channels;
    if (kind_ == PoolKind::Max) {
      std::fill_n(dst, channels, -std::numeric_limits<float>::infinity());
      for (int64_t i = 0; i < cells; ++i) {
        for (int64_t c = 0; c < channels; ++c) dst[c] = std::max(dst[c], pattern[i * channels + c]);
      }
    } else {
      std::fill(sums.begin(), sums.end(), 0.0);
      for (int64_t i = 0; i < cells; ++i) {
        for (int64_t c = 0; c < channels; ++c) sums[static_cast<size_t>(c)] += pattern[i * channels + c];
      }
      for (int64_t c = 0; c < channels; ++c) {
        dst[c] = static_cast<float>(sums[static_cast<size_t>(c)] / static_cast<double>(cells));
      }
    }
  }
}

namespace {

std::unique_ptr<Layer> make_global(const LayerConfig& config, PoolKind kind, int rank) {
  require_channels_last(config);
  return std::make_unique<GlobalPooling>(config.name, config.class_name, kind, rank, config.get_bool("keepdims", false));
}

}  // namespace

std::unique_ptr<Layer> make_global_max_pooling1d(const LayerConfig& config) {
  return make_global(config, PoolKind::Max, 1);
}
std::unique_ptr<Layer> make_global_max_pooling2d(const LayerConfig& config) {
  return make_global(config, PoolKind::Max, 2);
}
std::unique_ptr<Layer> make_global_average_pooling1d(const LayerConfig& config) {
  return make_global(config, PoolKind::Average, 1);
}
std::unique_ptr<Layer> make_global_average_pooling2d(const LayerConfig& config) {
  return make_global(config, PoolKind::Average, 2);
}

}  // namespace cerebro::model
