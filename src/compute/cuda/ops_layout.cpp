// Layers that move values around: pooling, padding and cropping, upsampling and resizing,
// Permute, and the merges (concatenation and Keras' element-wise merges with broadcasting).
#include <algorithm>
#include <cmath>
#include <string>

#include "compute/cuda/device_op.hpp"
#include "compute/cuda/layer_geometry.hpp"
#include "core/error.hpp"
#include "kernels/merge.cuh"
#include "kernels/permute.cuh"
#include "kernels/pooling.cuh"
#include "kernels/resample.cuh"
#include "kernels/shift_window.cuh"
#include "model/layers/concatenate.hpp"
#include "model/layers/cropping.hpp"
#include "model/layers/global_pooling.hpp"
#include "model/layers/layer_util.hpp"
#include "model/layers/merge.hpp"
#include "model/layers/permute.hpp"
#include "model/layers/pooling.hpp"
#include "model/layers/random_crop.hpp"
#include "model/layers/up_sampling.hpp"
#include "model/layers/zero_padding.hpp"

namespace cerebro::compute::cuda {
namespace {

kernels::WindowGeometry geometry(const model::Window2D& w) {
  auto axis = [](const model::WindowAxis& a) {
    return kernels::WindowAxisGeometry{a.in, a.kernel, a.stride, a.dilation, a.out, a.pad_before};
  };
  return {axis(w.y), axis(w.x)};
}

// (steps, C) as a plane of height 1; (H, W, C) as it is.
kernels::PlaneShape plane(const Shape& shape) {
  if (shape.size() == 2) return {1, shape[0], shape[1]};
  return {shape[0], shape[1], shape[2]};
}

class PoolOp final : public DeviceOp {
 public:
  explicit PoolOp(const OpSource& s) {
    const auto& pool = dynamic_cast<const model::Pooling&>(s.layer);
    window_ = geometry(pool.window(s.input_shapes[0]));
    channels_ = s.input_shapes[0].back();
    max_ = pool.params().kind == model::PoolKind::Max;
  }
  void enqueue(const OpLaunch& l) const override {
    kernels::window_pool(l.stream, l.batch, window_, channels_, max_, l.inputs[0], l.output);
  }

 private:
  kernels::WindowGeometry window_;
  int64_t channels_ = 0;
  bool max_ = true;
};

class GlobalPoolOp final : public DeviceOp {
 public:
  explicit GlobalPoolOp(const OpSource& s)
      : channels_(s.input_shapes[0].back()),
        cells_(element_count(s.input_shapes[0]) / channels_),
        max_(dynamic_cast<const model::GlobalPooling&>(s.layer).kind() == model::PoolKind::Max) {}
  void enqueue(const OpLaunch& l) const override {
    kernels::global_pool(l.stream, l.batch, cells_, channels_, max_, l.inputs[0], l.output);
  }

 private:
  int64_t channels_;
  int64_t cells_;
  bool max_;
};

// ZeroPadding (shift back by the padding) and Cropping (shift forward by the cropping).
class ShiftOp final : public DeviceOp {
 public:
  ShiftOp(const OpSource& s, int64_t shift_y, int64_t shift_x)
      : in_(plane(s.input_shapes[0])), out_(plane(s.output_shape)), shift_y_(shift_y), shift_x_(shift_x) {}
  void enqueue(const OpLaunch& l) const override {
    kernels::shift_window(l.stream, l.batch, in_, out_, shift_y_, shift_x_, l.inputs[0], l.output);
  }

 private:
  kernels::PlaneShape in_;
  kernels::PlaneShape out_;
  int64_t shift_y_;
  int64_t shift_x_;
};

std::unique_ptr<DeviceOp> make_shift(const OpSource& s) {
  const bool two_d = s.input_shapes[0].size() == 3;
  if (const auto* padding = dynamic_cast<const model::ZeroPadding*>(&s.layer)) {
    const model::EdgePairs& p = padding->padding();
    return std::make_unique<ShiftOp>(s, two_d ? -p[0][0] : 0, -p[1][0]);
  }
  if (const auto* cropping = dynamic_cast<const model::Cropping*>(&s.layer)) {
    const model::EdgePairs& c = cropping->cropping();
    return std::make_unique<ShiftOp>(s, two_d ? c[0][0] : 0, c[1][0]);
  }
  return nullptr;
}

// model/layers/resize.cpp's taps (TensorFlow's HalfPixelScaler, in float as TensorFlow computes it).
struct HostTaps {
  std::vector<int32_t> lower;
  std::vector<int32_t> upper;
  std::vector<float> lerp;
};

HostTaps bilinear_taps(int64_t in_size, int64_t out_size) {
  const float scale = static_cast<float>(in_size) / static_cast<float>(out_size);
  HostTaps taps;
  for (int64_t i = 0; i < out_size; ++i) {
    const float in = (static_cast<float>(i) + 0.5f) * scale - 0.5f;
    const float in_floor = std::floor(in);
    taps.lower.push_back(static_cast<int32_t>(std::max(static_cast<int64_t>(in_floor), int64_t{0})));
    taps.upper.push_back(static_cast<int32_t>(std::min(static_cast<int64_t>(std::ceil(in)), in_size - 1)));
    taps.lerp.push_back(in - in_floor);
  }
  return taps;
}

struct DeviceTaps {
  DeviceArray<int32_t> lower;
  DeviceArray<int32_t> upper;
  DeviceArray<float> lerp;

  explicit DeviceTaps(const HostTaps& t)
      : lower(upload(t.lower.data(), static_cast<int64_t>(t.lower.size()))),
        upper(upload(t.upper.data(), static_cast<int64_t>(t.upper.size()))),
        lerp(upload(t.lerp.data(), static_cast<int64_t>(t.lerp.size()))) {}
  kernels::BilinearTaps view() const { return {lower.get(), upper.get(), lerp.get()}; }
};

// Bilinear resize of the window (y0, x0, height, width) of each pattern to the output's plane.
class BilinearOp final : public DeviceOp {
 public:
  BilinearOp(const OpSource& s, int64_t y0, int64_t x0, int64_t height, int64_t width)
      : in_(plane(s.input_shapes[0])),
        out_(plane(s.output_shape)),
        y0_(y0),
        x0_(x0),
        ys_(bilinear_taps(height, out_.height)),
        xs_(bilinear_taps(width, out_.width)) {}
  void enqueue(const OpLaunch& l) const override {
    kernels::resize_bilinear(l.stream, l.batch, in_, out_, y0_, x0_, ys_.view(), xs_.view(), l.inputs[0], l.output);
  }

 private:
  kernels::PlaneShape in_;
  kernels::PlaneShape out_;
  int64_t y0_;
  int64_t x0_;
  DeviceTaps ys_;
  DeviceTaps xs_;
};

class NearestOp final : public DeviceOp {
 public:
  explicit NearestOp(const OpSource& s) : in_(plane(s.input_shapes[0])) {
    const kernels::PlaneShape out = plane(s.output_shape);
    factor_y_ = out.height / in_.height;
    factor_x_ = out.width / in_.width;
  }
  void enqueue(const OpLaunch& l) const override {
    kernels::upsample_nearest(l.stream, l.batch, in_, factor_y_, factor_x_, l.inputs[0], l.output);
  }

 private:
  kernels::PlaneShape in_;
  int64_t factor_y_ = 1;
  int64_t factor_x_ = 1;
};

std::unique_ptr<DeviceOp> make_resample(const OpSource& s) {
  if (const auto* up = dynamic_cast<const model::UpSampling*>(&s.layer)) {
    if (up->interpolation() == model::Interpolation::Nearest) return std::make_unique<NearestOp>(s);
    const kernels::PlaneShape in = plane(s.input_shapes[0]);
    return std::make_unique<BilinearOp>(s, 0, 0, in.height, in.width);
  }
  if (dynamic_cast<const model::RandomCrop*>(&s.layer)) {
    // model/layers/random_crop.cpp: tf_keras' smart_resize window, float arithmetic and truncation.
    const int64_t height = s.input_shapes[0][0];
    const int64_t width = s.input_shapes[0][1];
    const int64_t target_height = s.output_shape[0];
    const int64_t target_width = s.output_shape[1];
    const int64_t crop_height = std::clamp<int64_t>(
        static_cast<int64_t>(static_cast<float>(width * target_height) / static_cast<float>(target_width)), 1, height);
    const int64_t crop_width = std::clamp<int64_t>(
        static_cast<int64_t>(static_cast<float>(height * target_width) / static_cast<float>(target_height)), 1, width);
    return std::make_unique<BilinearOp>(s, static_cast<int64_t>(static_cast<float>(height - crop_height) / 2.0f),
                                        static_cast<int64_t>(static_cast<float>(width - crop_width) / 2.0f),
                                        crop_height, crop_width);
  }
  return nullptr;
}

class PermuteOp final : public DeviceOp {
 public:
  explicit PermuteOp(const OpSource& s) : size_(element_count(s.input_shapes[0])) {
    const PermuteMap map = permute_map(s.input_shapes[0], dynamic_cast<const model::Permute&>(s.layer).dims());
    if (map.out_dims.size() > static_cast<size_t>(kernels::kMaxPermuteRank)) {
      throw_unsupported(model::layer_context(s.layer), "the CUDA backend permutes at most " +
                                                           std::to_string(kernels::kMaxPermuteRank) + " axes");
    }
    geometry_.rank = static_cast<int>(map.out_dims.size());
    std::copy(map.out_dims.begin(), map.out_dims.end(), geometry_.out_dims);
    std::copy(map.source_strides.begin(), map.source_strides.end(), geometry_.source_strides);
  }
  void enqueue(const OpLaunch& l) const override {
    kernels::permute(l.stream, l.batch, size_, geometry_, l.inputs[0], l.output);
  }

 private:
  int64_t size_;
  kernels::PermuteGeometry geometry_;
};

class ConcatenateOp final : public DeviceOp {
 public:
  explicit ConcatenateOp(const OpSource& s) : out_size_(element_count(s.output_shape)) {
    // The axis is the one where the output differs from the first input (every input is at
    // least 1 long there, so with two or more inputs the output is longer).
    const Shape& out = s.output_shape;
    size_t axis = out.size() - 1;
    for (size_t d = 0; d < out.size(); ++d) {
      if (out[d] != s.input_shapes[0][d]) axis = d;
    }
    int64_t inner = 1;
    for (size_t d = axis + 1; d < out.size(); ++d) inner *= out[d];
    outer_per_pattern_ = out_size_ / (out[axis] * inner);
    for (const Shape& in : s.input_shapes) blocks_.push_back(in[axis] * inner);
  }

  void enqueue(const OpLaunch& l) const override {
    const int64_t out_block = out_size_ / outer_per_pattern_;
    int64_t offset = 0;
    for (size_t k = 0; k < blocks_.size(); ++k) {
      const auto bytes = static_cast<size_t>(blocks_[k]) * sizeof(float);
      CUDA_CHECK(cudaMemcpy2DAsync(l.output + offset, static_cast<size_t>(out_block) * sizeof(float), l.inputs[k],
                                   bytes, bytes, static_cast<size_t>(l.batch * outer_per_pattern_),
                                   cudaMemcpyDeviceToDevice, l.stream));
      offset += blocks_[k];
    }
  }

 private:
  int64_t out_size_;
  int64_t outer_per_pattern_ = 1;
  std::vector<int64_t> blocks_;
};

class MergeOp final : public DeviceOp {
 public:
  explicit MergeOp(const OpSource& s) : out_size_(element_count(s.output_shape)) {
    const model::MergeOp op = dynamic_cast<const model::Merge&>(s.layer).op();
    average_ = op == model::MergeOp::Average;
    switch (op) {
      case model::MergeOp::Add:
      case model::MergeOp::Average:
        kind_ = kernels::MergeKind::Add;
        break;
      case model::MergeOp::Subtract:
        kind_ = kernels::MergeKind::Subtract;
        break;
      case model::MergeOp::Multiply:
        kind_ = kernels::MergeKind::Multiply;
        break;
      case model::MergeOp::Maximum:
        kind_ = kernels::MergeKind::Maximum;
        break;
      case model::MergeOp::Minimum:
        kind_ = kernels::MergeKind::Minimum;
        break;
    }
    for (const Shape& in : s.input_shapes) {
      in_sizes_.push_back(element_count(in));
      maps_.push_back(in == s.output_shape ? DeviceArray<int32_t>()
                                           : upload_index_map(broadcast_map(in, s.output_shape)));
    }
  }

  void enqueue(const OpLaunch& l) const override {
    const int64_t n = l.batch * out_size_;
    for (size_t k = 0; k < in_sizes_.size(); ++k) {
      kernels::merge_into(l.stream, n, out_size_, in_sizes_[k], maps_[k].get(), kind_, k == 0, l.inputs[k], l.output);
    }
    if (average_) kernels::divide(l.stream, n, static_cast<float>(in_sizes_.size()), l.output);
  }

 private:
  // model/layers/merge.cpp: `in` right-aligned against `out`, its 1s stretched.
  static std::vector<int64_t> broadcast_map(const Shape& in, const Shape& out) {
    const size_t lead = out.size() - in.size();
    std::vector<int> varying;
    for (size_t d = 0; d < in.size(); ++d) {
      if (in[d] != 1) varying.push_back(static_cast<int>(d + lead));
    }
    return model::index_over_axes(out, varying);
  }

  int64_t out_size_;
  kernels::MergeKind kind_ = kernels::MergeKind::Add;
  bool average_ = false;
  std::vector<int64_t> in_sizes_;
  std::vector<DeviceArray<int32_t>> maps_;
};

}  // namespace

std::unique_ptr<DeviceOp> make_layout_op(const OpSource& source) {
  const model::Layer& layer = source.layer;
  if (dynamic_cast<const model::Pooling*>(&layer)) return std::make_unique<PoolOp>(source);
  if (dynamic_cast<const model::GlobalPooling*>(&layer)) return std::make_unique<GlobalPoolOp>(source);
  if (dynamic_cast<const model::Concatenate*>(&layer)) return std::make_unique<ConcatenateOp>(source);
  if (dynamic_cast<const model::Merge*>(&layer)) return std::make_unique<MergeOp>(source);
  if (dynamic_cast<const model::Permute*>(&layer)) return std::make_unique<PermuteOp>(source);
  if (auto op = make_shift(source)) return op;
  return make_resample(source);
}

}  // namespace cerebro::compute::cuda
