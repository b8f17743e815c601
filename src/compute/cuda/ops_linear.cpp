// Dense and the convolutions: GEMMs through cuBLAS (TF32 off: see cuda_backend.cpp), then one
// epilogue kernel for bias and activation.
#include <algorithm>
#include <climits>

#include "compute/cuda/device_op.hpp"
#include "core/error.hpp"
#include "kernels/bias_activation.cuh"
#include "kernels/depthwise_conv.cuh"
#include "kernels/im2col.cuh"
#include "kernels/small_dense.cuh"
#include "kernels/softmax.cuh"
#include "model/layers/conv.hpp"
#include "model/layers/dense.hpp"
#include "model/layers/depthwise_conv2d.hpp"
#include "model/layers/separable_conv2d.hpp"

namespace cerebro::compute::cuda {
namespace {

// Patch matrices and depthwise intermediates are built for as many patterns at once as fit in
// this many floats (256 MiB), as the CPU backend chunks its im2col.
constexpr int64_t kScratchFloats = int64_t{64} << 20;

// Rows per cuBLAS call: its dimensions are ints.
constexpr int64_t kMaxGemmRows = int64_t{1} << 30;

// A Dense layer up to this many multiply-adds (and features) runs as one fused kernel
// (kernels/small_dense.cu): the article's layers at batch 1 are ~200k, where launches dominate.
constexpr int64_t kSmallDenseMacs = int64_t{1} << 20;
constexpr int64_t kSmallDenseFeatures = 2048;

// Row-major C (m x n) = A (m x k) B (k x n). cuBLAS is column-major, where a row-major matrix
// reads as its transpose: so it computes C^T = B^T A^T, B first.
void gemm(cublasHandle_t blas, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b,
          int64_t ldb, float* c, int64_t ldc) {
  const float one = 1.0f;
  const float zero = 0.0f;
  for (int64_t first = 0; first < m; first += kMaxGemmRows) {
    const int64_t rows = std::min(kMaxGemmRows, m - first);
    CUBLAS_CHECK(cublasSgemm(blas, CUBLAS_OP_N, CUBLAS_OP_N, cublas_int(n, "GEMM columns"), cublas_int(rows, "rows"),
                             cublas_int(k, "GEMM depth"), &one, b, cublas_int(ldb, "ldb"), a + first * lda,
                             cublas_int(lda, "lda"), &zero, c + first * ldc, cublas_int(ldc, "ldc")));
  }
}

// The bias + activation pass over a GEMM's rows x cols output, in place.
void epilogue(cudaStream_t stream, int64_t rows, int64_t cols, float* values, const float* bias,
              model::Activation activation) {
  if (activation == model::Activation::Softmax || activation == model::Activation::LogSoftmax) {
    kernels::softmax(stream, rows, cols, 1, values, bias, values, activation == model::Activation::LogSoftmax);
  } else {
    kernels::bias_activation(stream, rows, cols, values, bias, activation);
  }
}

kernels::WindowGeometry geometry(const model::Window2D& w) {
  auto axis = [](const model::WindowAxis& a) {
    return kernels::WindowAxisGeometry{a.in, a.kernel, a.stride, a.dilation, a.out, a.pad_before};
  };
  return {axis(w.y), axis(w.x)};
}

class DenseOp final : public DeviceOp {
 public:
  explicit DenseOp(const OpSource& s)
      : dense_(dynamic_cast<const model::Dense&>(s.layer)),
        features_(s.input_shapes[0].back()),
        rows_per_pattern_(element_count(s.input_shapes[0]) / features_),
        kernel_(s.weights.get(dense_, 0)),
        bias_(dense_.use_bias() ? s.weights.get(dense_, 1) : nullptr),
        fuse_(s.fuse_small_dense) {}

  void enqueue(const OpLaunch& l) const override {
    // Every leading axis (batch included) folds into the rows of one GEMM.
    const int64_t rows = l.batch * rows_per_pattern_;
    const int64_t units = dense_.units();
    const model::Activation activation = dense_.activation();
    const bool softmax = activation == model::Activation::Softmax || activation == model::Activation::LogSoftmax;
    if (fuse_ && features_ <= kSmallDenseFeatures && rows * units * features_ <= kSmallDenseMacs) {
      kernels::small_dense(l.stream, rows, features_, units, l.inputs[0], kernel_, bias_, l.output,
                           softmax ? model::Activation::Linear : activation);
      if (softmax) epilogue(l.stream, rows, units, l.output, nullptr, activation);
      return;
    }
    gemm(l.blas, rows, units, features_, l.inputs[0], features_, kernel_, units, l.output, units);
    epilogue(l.stream, rows, units, l.output, bias_, activation);
  }

 private:
  const model::Dense& dense_;
  int64_t features_;
  int64_t rows_per_pattern_;
  const float* kernel_;
  const float* bias_;
  bool fuse_;
};

class ConvOp final : public DeviceOp {
 public:
  explicit ConvOp(const OpSource& s)
      : conv_(dynamic_cast<const model::Conv&>(s.layer)),
        window_(conv_.window(s.input_shapes[0])),
        channels_(s.input_shapes[0].back()),
        in_size_(element_count(s.input_shapes[0])),
        kernel_(s.weights.get(conv_, 0)),
        bias_(conv_.params().use_bias ? s.weights.get(conv_, 1) : nullptr) {
    const model::ConvParams& p = conv_.params();
    pointwise_ = window_.taps() == 1 && window_.y.stride == 1 && window_.x.stride == 1 && p.groups == 1;
    patch_floats_ = window_.out_cells() * window_.taps() * channels_;
    chunk_ = std::max<int64_t>(kScratchFloats / std::max<int64_t>(patch_floats_, 1), 1);
  }

  int64_t scratch_floats(int64_t max_batch) const override {
    return pointwise_ ? 0 : std::min(chunk_, max_batch) * patch_floats_;
  }

  void enqueue(const OpLaunch& l) const override {
    const model::ConvParams& p = conv_.params();
    const int64_t cells = window_.out_cells();
    if (pointwise_) {
      // A 1x1 convolution with stride 1 is a GEMM on the input as it lies.
      gemm(l.blas, l.batch * cells, p.filters, channels_, l.inputs[0], channels_, kernel_, p.filters, l.output,
           p.filters);
    } else {
      for (int64_t first = 0; first < l.batch; first += chunk_) {
        const int64_t count = std::min(chunk_, l.batch - first);
        kernels::im2col(l.stream, count, geometry(window_), channels_, p.groups, l.inputs[0] + first * in_size_,
                        l.scratch);
        grouped_gemm(l.blas, count * cells, l.scratch, l.output + first * cells * p.filters);
      }
    }
    epilogue(l.stream, l.batch * cells, p.filters, l.output, bias_, p.activation);
  }

 private:
  // Every group's GEMM at once: group g multiplies its block of patch columns by its block of
  // kernel columns into its block of output channels.
  void grouped_gemm(cublasHandle_t blas, int64_t rows, const float* patches, float* out) const {
    const model::ConvParams& p = conv_.params();
    const int64_t depth = window_.taps() * channels_ / p.groups;
    const int64_t group_out = p.filters / p.groups;
    if (p.groups == 1) {
      gemm(blas, rows, p.filters, depth, patches, depth, kernel_, p.filters, out, p.filters);
      return;
    }
    const float one = 1.0f;
    const float zero = 0.0f;
    CUBLAS_CHECK(cublasSgemmStridedBatched(
        blas, CUBLAS_OP_N, CUBLAS_OP_N, cublas_int(group_out, "filters per group"), cublas_int(rows, "rows"),
        cublas_int(depth, "patch depth"), &one, kernel_, cublas_int(p.filters, "filters"), group_out, patches,
        cublas_int(depth * p.groups, "patch row"), depth, &zero, out, cublas_int(p.filters, "filters"), group_out,
        cublas_int(p.groups, "groups")));
  }

  const model::Conv& conv_;
  model::Window2D window_;
  int64_t channels_;
  int64_t in_size_;
  const float* kernel_;
  const float* bias_;
  bool pointwise_ = false;
  int64_t patch_floats_ = 0;
  int64_t chunk_ = 1;
};

class DepthwiseOp final : public DeviceOp {
 public:
  explicit DepthwiseOp(const OpSource& s)
      : layer_(dynamic_cast<const model::DepthwiseConv2D&>(s.layer)),
        window_(model::conv_window(layer_.params(), s.input_shapes[0], layer_.name())),
        channels_(s.input_shapes[0].back()),
        kernel_(s.weights.get(layer_, 0)),
        bias_(layer_.params().use_bias ? s.weights.get(layer_, 1) : nullptr) {}

  void enqueue(const OpLaunch& l) const override {
    const int64_t out_channels = channels_ * layer_.depth_multiplier();
    kernels::depthwise_conv(l.stream, l.batch, geometry(window_), channels_, layer_.depth_multiplier(), l.inputs[0],
                            kernel_, l.output);
    epilogue(l.stream, l.batch * window_.out_cells(), out_channels, l.output, bias_, layer_.params().activation);
  }

 private:
  const model::DepthwiseConv2D& layer_;
  model::Window2D window_;
  int64_t channels_;
  const float* kernel_;
  const float* bias_;
};

class SeparableOp final : public DeviceOp {
 public:
  explicit SeparableOp(const OpSource& s)
      : layer_(dynamic_cast<const model::SeparableConv2D&>(s.layer)),
        window_(model::conv_window(layer_.params(), s.input_shapes[0], layer_.name())),
        channels_(s.input_shapes[0].back()),
        in_size_(element_count(s.input_shapes[0])),
        middle_(channels_ * layer_.depth_multiplier()),
        depthwise_(s.weights.get(layer_, 0)),
        pointwise_(s.weights.get(layer_, 1)),
        bias_(layer_.params().use_bias ? s.weights.get(layer_, 2) : nullptr) {
    chunk_ = std::max<int64_t>(kScratchFloats / std::max<int64_t>(window_.out_cells() * middle_, 1), 1);
  }

  int64_t scratch_floats(int64_t max_batch) const override {
    return std::min(chunk_, max_batch) * window_.out_cells() * middle_;
  }

  void enqueue(const OpLaunch& l) const override {
    const int64_t cells = window_.out_cells();
    const int64_t filters = layer_.params().filters;
    for (int64_t first = 0; first < l.batch; first += chunk_) {
      const int64_t count = std::min(chunk_, l.batch - first);
      kernels::depthwise_conv(l.stream, count, geometry(window_), channels_, layer_.depth_multiplier(),
                              l.inputs[0] + first * in_size_, depthwise_, l.scratch);
      gemm(l.blas, count * cells, filters, middle_, l.scratch, middle_, pointwise_, filters,
           l.output + first * cells * filters, filters);
    }
    epilogue(l.stream, l.batch * cells, filters, l.output, bias_, layer_.params().activation);
  }

 private:
  const model::SeparableConv2D& layer_;
  model::Window2D window_;
  int64_t channels_;
  int64_t in_size_;
  int64_t middle_;
  const float* depthwise_;
  const float* pointwise_;
  const float* bias_;
  int64_t chunk_ = 1;
};

}  // namespace

int cublas_int(int64_t value, const char* what) {
  if (value < 0 || value > INT_MAX) {
    throw_unsupported("cuBLAS", std::string(what) + " of " + std::to_string(value) + " exceeds cuBLAS' int range");
  }
  return static_cast<int>(value);
}

std::unique_ptr<DeviceOp> make_linear_op(const OpSource& source) {
  const model::Layer& layer = source.layer;
  if (dynamic_cast<const model::Dense*>(&layer)) return std::make_unique<DenseOp>(source);
  if (dynamic_cast<const model::Conv*>(&layer)) return std::make_unique<ConvOp>(source);
  if (dynamic_cast<const model::DepthwiseConv2D*>(&layer)) return std::make_unique<DepthwiseOp>(source);
  if (dynamic_cast<const model::SeparableConv2D*>(&layer)) return std::make_unique<SeparableOp>(source);
  return nullptr;
}

}  // namespace cerebro::compute::cuda
