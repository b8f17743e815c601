#include "model/layers/resize.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace cerebro::model {
namespace {

struct Tap {
  int64_t lower;
  int64_t upper;
  float lerp;
};

// tensorflow/core/kernels/image/resize_bilinear_op.cc, compute_interpolation_weights with
// HalfPixelScaler, in float as TensorFlow computes it.
std::vector<Tap> taps(int64_t in_size, int64_t out_size) {
  const float scale = static_cast<float>(in_size) / static_cast<float>(out_size);
  std::vector<Tap> result(static_cast<size_t>(out_size));
  for (int64_t i = 0; i < out_size; ++i) {
    const float in = (static_cast<float>(i) + 0.5f) * scale - 0.5f;
    const float in_floor = std::floor(in);
    result[static_cast<size_t>(i)] = Tap{std::max(static_cast<int64_t>(in_floor), int64_t{0}),
                                         std::min(static_cast<int64_t>(std::ceil(in)), in_size - 1), in - in_floor};
  }
  return result;
}

}  // namespace

void resize_bilinear(const float* image, int64_t image_width, int64_t channels, const ResizeWindow& window,
                     int64_t out_height, int64_t out_width, float* out) {
  const std::vector<Tap> ys = taps(window.height, out_height);
  const std::vector<Tap> xs = taps(window.width, out_width);
  auto pixel = [&](int64_t y, int64_t x) { return image + ((window.y0 + y) * image_width + window.x0 + x) * channels; };
  for (const Tap& ty : ys) {
    for (const Tap& tx : xs) {
      const float* top_left = pixel(ty.lower, tx.lower);
      const float* top_right = pixel(ty.lower, tx.upper);
      const float* bottom_left = pixel(ty.upper, tx.lower);
      const float* bottom_right = pixel(ty.upper, tx.upper);
      for (int64_t c = 0; c < channels; ++c) {
        const float top = top_left[c] + (top_right[c] - top_left[c]) * tx.lerp;
        const float bottom = bottom_left[c] + (bottom_right[c] - bottom_left[c]) * tx.lerp;
        *out++ = top + (bottom - top) * ty.lerp;
      }
    }
  }
}

}  // namespace cerebro::model
