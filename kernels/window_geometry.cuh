#pragma once
// A sliding window over (height, width) as the host computed it (model::Window2D, TensorFlow's
// padding rules), in a form kernels take by value. Shared by im2col, depthwise conv and pooling.
#include <cstdint>

namespace cerebro::kernels {

struct WindowAxisGeometry {
  int64_t in = 1;
  int64_t kernel = 1;
  int64_t stride = 1;
  int64_t dilation = 1;
  int64_t out = 1;
  int64_t pad_before = 0;
};

struct WindowGeometry {
  WindowAxisGeometry y;
  WindowAxisGeometry x;
};

}  // namespace cerebro::kernels
