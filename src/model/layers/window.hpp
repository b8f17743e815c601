#pragma once
// The geometry of a sliding window (convolution, pooling) along one spatial axis, as TensorFlow
// computes it, and the im2col layout the convolutions feed to one GEMM.
#include <cstdint>
#include <string>

#include "model/layer_config.hpp"

namespace cerebro::model {

enum class Padding { Valid, Same, Causal };

// Reads "padding": 'valid', 'same', or 'causal' when `causal_allowed` (Conv1D).
Padding padding_from_config(const LayerConfig& config, bool causal_allowed);

struct WindowAxis {
  int64_t in = 1;
  int64_t kernel = 1;
  int64_t stride = 1;
  int64_t dilation = 1;
  int64_t out = 1;
  int64_t pad_before = 0;  // cells of padding before the first input cell

  int64_t span() const { return (kernel - 1) * dilation + 1; }
  // Input cell under tap `k` of output cell `o` (may fall into the padding: < 0 or >= in).
  int64_t source(int64_t o, int64_t k) const { return o * stride + k * dilation - pad_before; }
};

// TensorFlow's rules: 'valid' keeps windows inside the input; 'same' gives ceil(in / stride)
// cells and pads the total evenly with the extra cell AFTER (bottom/right), see
// https://www.tensorflow.org/api_docs/python/tf/nn#notes_on_padding_2 ; 'causal' (Conv1D) pads
// span - 1 cells before only. Throws BadInput naming `context` when a window does not fit.
WindowAxis window_axis(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, Padding padding,
                       const std::string& context);

struct Window2D {
  WindowAxis y;
  WindowAxis x;
  int64_t out_cells() const { return y.out * x.out; }
  int64_t taps() const { return y.kernel * x.kernel; }
};

// Lays one (H, W, channels) pattern's windows out as the rows of a matrix: row = output cell
// (row-major), columns = (ky, kx, c) for channels [first, first + count), the order of a Keras
// kernel (kh, kw, in, out), so the convolution is patches x kernel. Padding cells read as 0.
void im2col(const float* in, const Window2D& window, int64_t channels, int64_t first, int64_t count,
            float* patches);

// C = A x B for row-major float matrices (A: m x k, B: k x n) through OpenBLAS' sgemm.
void gemm(int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b, int64_t ldb, float* c,
          int64_t ldc);

// Adds `bias[channel]` to every row of `rows` x `channels` values.
void add_bias(float* values, int64_t rows, int64_t channels, const float* bias);

}  // namespace cerebro::model
