#pragma once
// One shown cell as kernels see it (core/render_target.hpp's PublishView, in one pattern's
// output): texel (r, c), row-major, is value offset + r * row_stride + c * col_stride for
// r * cols + c < count; texels after count are padding.
#include <cstdint>

namespace cerebro::kernels {

struct CellView {
  int64_t offset = 0;
  int64_t rows = 0;
  int64_t cols = 0;
  int64_t row_stride = 0;
  int64_t col_stride = 1;
  int64_t count = 0;
};

}  // namespace cerebro::kernels
