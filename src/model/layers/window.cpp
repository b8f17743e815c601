#include "model/layers/window.hpp"

#include <cblas.h>

#include <algorithm>

#include "core/error.hpp"

namespace cerebro::model {

Padding padding_from_config(const LayerConfig& config, bool causal_allowed) {
  const std::string padding = config.get_string("padding", "valid");
  if (padding == "valid") return Padding::Valid;
  if (padding == "same") return Padding::Same;
  if (padding == "causal" && causal_allowed) return Padding::Causal;
  throw_unsupported(config.context(), "padding '" + padding + "' is not supported");
}

WindowAxis window_axis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, Padding padding,
                       const std::string& context) {
  if (kernel <= 0 || stride <= 0 || dilation <= 0) {
    throw_bad_input(context, "kernel size, strides and dilation must be positive");
  }
  WindowAxis axis{in, kernel, stride, dilation, 0, 0};
  switch (padding) {
    case Padding::Valid:
      if (in < axis.span()) {
        throw_bad_input(context, "a window of " + std::to_string(axis.span()) + " cells does not fit an input of " +
                                     std::to_string(in) + " with padding 'valid'");
      }
      axis.out = (in - axis.span()) / stride + 1;
      break;
    case Padding::Same: {
      axis.out = (in + stride - 1) / stride;
      const int64_t total = std::max<int64_t>((axis.out - 1) * stride + axis.span() - in, 0);
      axis.pad_before = total / 2;
      break;
    }
    case Padding::Causal:
      axis.pad_before = axis.span() - 1;
      axis.out = (in + stride - 1) / stride;
      break;
  }
  return axis;
}

void im2col(const float* in, const Window2D& window, int64_t channels, int64_t first, int64_t count,
            float* patches) {
  const WindowAxis& wy = window.y;
  const WindowAxis& wx = window.x;
  float* row = patches;
  for (int64_t oy = 0; oy < wy.out; ++oy) {
    for (int64_t ox = 0; ox < wx.out; ++ox) {
      for (int64_t ky = 0; ky < wy.kernel; ++ky) {
        const int64_t iy = wy.source(oy, ky);
        for (int64_t kx = 0; kx < wx.kernel; ++kx, row += count) {
          const int64_t ix = wx.source(ox, kx);
          if (iy < 0 || iy >= wy.in || ix < 0 || ix >= wx.in) {
            std::fill_n(row, count, 0.0f);
          } else {
            std::copy_n(in + (iy * wx.in + ix) * channels + first, count, row);
          }
        }
      }
    }
  }
}

void gemm(int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b, int64_t ldb, float* c,
          int64_t ldc) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k),
              1.0f, a, static_cast<int>(lda), b, static_cast<int>(ldb), 0.0f, c, static_cast<int>(ldc));
}

void add_bias(float* values, int64_t rows, int64_t channels, const float* bias) {
  for (int64_t r = 0; r < rows; ++r) {
    float* row = values + r * channels;
    for (int64_t c = 0; c < channels; ++c) row[c] += bias[c];
  }
}

}  // namespace cerebro::model
