#pragma once
// Bilinear resampling as TensorFlow 2's tf.image.resize(method="bilinear", antialias=False) does
// it (the ResizeBilinear kernel with half_pixel_centers=True), used by UpSampling2D and by
// RandomCrop at inference.
#include <cstdint>

namespace cerebro::model {

// One pattern: the window (y0, x0, height, width) of an image `image_width` cells wide with
// `channels` channels, resized to (out_height, out_width, channels) at `out`.
struct ResizeWindow {
  int64_t y0 = 0;
  int64_t x0 = 0;
  int64_t height = 0;
  int64_t width = 0;
};
void resize_bilinear(const float* image, int64_t image_width, int64_t channels, const ResizeWindow& window,
                     int64_t out_height, int64_t out_width, float* out);

}  // namespace cerebro::model
