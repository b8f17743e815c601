#include "model/layers/pooling.hpp"

#include <algorithm>
#include <limits>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Pooling::Pooling(std::string name, std::string keras_class, const PoolParams& params)
    : Layer(std::move(name), std::move(keras_class)), params_(params) {}

Window2D Pooling::window(const Shape& input) const {
  const std::string context = layer_context(*this);
  const int64_t height = params_.rank == 2 ? input[0] : 1;
  const int64_t width = input[static_cast<size_t>(params_.rank) - 1];
  return Window2D{window_axis(height, params_.pool[0], params_.strides[0], 1, params_.padding, context),
                  window_axis(width, params_.pool[1], params_.strides[1], 1, params_.padding, context)};
}

Shape Pooling::infer_shape(std::span<const Shape> inputs) const {
  require_spatial_input(*this, inputs, params_.rank);
  const Window2D w = window(inputs[0]);
  if (params_.rank == 1) return {w.x.out, inputs[0].back()};
  return {w.y.out, w.x.out, inputs[0].back()};
}

void Pooling::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const Window2D w = window(in.shape);
  const int64_t channels = in.shape.back();
  const bool is_max = params_.kind == PoolKind::Max;
  float* dst = out.data;
  for (int64_t n = 0; n < in.batch; ++n) {
    const float* pattern = in.data + n * in.pattern_size();
    for (int64_t oy = 0; oy < w.y.out; ++oy) {
      for (int64_t ox = 0; ox < w.x.out; ++ox, dst += channels) {
        std::fill_n(dst, channels, is_max ? -std::numeric_limits<float>::infinity() : 0.0f);
        int64_t cells = 0;
        for (int64_t ky = 0; ky < w.y.kernel; ++ky) {
          const int64_t iy = w.y.source(oy, ky);
          if (iy < 0 || iy >= w.y.in) continue;
          for (int64_t kx = 0; kx < w.x.kernel; ++kx) {
            const int64_t ix = w.x.source(ox, kx);
            if (ix < 0 || ix >= w.x.in) continue;
            const float* src = pattern + (iy * w.x.in + ix) * channels;
            ++cells;
            if (is_max) {
              for (int64_t c = 0; c < channels; ++c) dst[c] = std::max(dst[c], src[c]);
            } else {
              for (int64_t c = 0; c < channels; ++c) dst[c] += src[c];
            }
          }
        }
        if (!is_max) {
          const float scale = 1.0f / static_cast<float>(cells);
          for (int64_t c = 0; c < channels; ++c) dst[c] *= scale;
        }
      }
    }
  }
}

namespace {

std::unique_ptr<Layer> make_pooling(const LayerConfig& config, PoolKind kind, int rank) {
  require_channels_last(config);
  PoolParams params;
  params.kind = kind;
  params.rank = rank;
  const auto r = static_cast<size_t>(rank);
  const std::vector<int64_t> pool = int_tuple(config, "pool_size", r, std::vector<int64_t>(r, 2));
  // Keras: strides=None means strides = pool_size.
  const std::vector<int64_t> strides = int_tuple(config, "strides", r, pool);
  const size_t offset = 2 - r;  // a 1-D window lives on the x axis
  for (size_t i = 0; i < r; ++i) {
    params.pool[offset + i] = pool[i];
    params.strides[offset + i] = strides[i];
  }
  for (size_t i = 0; i < 2; ++i) {
    if (params.pool[i] <= 0 || params.strides[i] <= 0) {
      throw_bad_input(config.context(), "pool_size and strides must be positive");
    }
  }
  params.padding = padding_from_config(config, false);
  return std::make_unique<Pooling>(config.name, config.class_name, params);
}

}  // namespace

std::unique_ptr<Layer> make_max_pooling1d(const LayerConfig& config) { return make_pooling(config, PoolKind::Max, 1); }
std::unique_ptr<Layer> make_max_pooling2d(const LayerConfig& config) { return make_pooling(config, PoolKind::Max, 2); }
std::unique_ptr<Layer> make_average_pooling1d(const LayerConfig& config) {
  return make_pooling(config, PoolKind::Average, 1);
}
std::unique_ptr<Layer> make_average_pooling2d(const LayerConfig& config) {
  return make_pooling(config, PoolKind::Average, 2);
}

}  // namespace cerebro::model
