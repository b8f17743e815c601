// Layers that map each value on its own (activations, ReLU and friends, Rescaling), with
// parameters along some axes (BatchNormalization at inference, PReLU), or over groups of values
// (the Softmax layer, LayerNormalization).
#include <climits>
#include <cmath>

#include "compute/cuda/device_op.hpp"
#include "compute/cuda/layer_geometry.hpp"
#include "core/error.hpp"
#include "kernels/bias_activation.cuh"
#include "kernels/layer_norm.cuh"
#include "kernels/mapped_affine.cuh"
#include "kernels/pointwise.cuh"
#include "kernels/softmax.cuh"
#include "model/layers/activation_layer.hpp"
#include "model/layers/batch_normalization.hpp"
#include "model/layers/elu.hpp"
#include "model/layers/layer_normalization.hpp"
#include "model/layers/layer_util.hpp"
#include "model/layers/leaky_relu.hpp"
#include "model/layers/prelu.hpp"
#include "model/layers/relu.hpp"
#include "model/layers/rescaling.hpp"
#include "model/layers/softmax.hpp"

namespace cerebro::compute::cuda {
namespace {

class ActivationOp final : public DeviceOp {
 public:
  explicit ActivationOp(const OpSource& s)
      : activation_(dynamic_cast<const model::ActivationLayer&>(s.layer).activation()),
        size_(element_count(s.input_shapes[0])),
        last_axis_(s.input_shapes[0].back()) {}

  void enqueue(const OpLaunch& l) const override {
    const int64_t n = l.batch * size_;
    if (activation_ == model::Activation::Softmax || activation_ == model::Activation::LogSoftmax) {
      // Keras' softmax activation is over the last axis, whatever the rank.
      kernels::softmax(l.stream, n / last_axis_, last_axis_, 1, l.inputs[0], nullptr, l.output,
                       activation_ == model::Activation::LogSoftmax);
    } else {
      kernels::apply_activation(l.stream, n, l.inputs[0], l.output, activation_);
    }
  }

 private:
  model::Activation activation_;
  int64_t size_;
  int64_t last_axis_;
};

class PointwiseOp final : public DeviceOp {
 public:
  PointwiseOp(const OpSource& s, const kernels::PointwiseParams& params)
      : params_(params), size_(element_count(s.input_shapes[0])) {}

  void enqueue(const OpLaunch& l) const override {
    kernels::pointwise(l.stream, l.batch * size_, params_, l.inputs[0], l.output);
  }

 private:
  kernels::PointwiseParams params_;
  int64_t size_;
};

std::unique_ptr<DeviceOp> make_pointwise(const OpSource& s) {
  kernels::PointwiseParams p;
  if (const auto* relu = dynamic_cast<const model::Relu*>(&s.layer)) {
    p.kind = kernels::PointwiseKind::Relu;
    p.threshold = relu->params().threshold;
    p.has_max = relu->params().max_value.has_value();
    p.max_value = relu->params().max_value.value_or(0.0);
    p.negative_slope = relu->params().negative_slope;
  } else if (const auto* leaky = dynamic_cast<const model::LeakyRelu*>(&s.layer)) {
    p.kind = kernels::PointwiseKind::LeakyRelu;
    p.slope = leaky->slope();
  } else if (const auto* elu = dynamic_cast<const model::Elu*>(&s.layer)) {
    p.kind = kernels::PointwiseKind::Elu;
    p.alpha = static_cast<float>(elu->alpha());
  } else if (const auto* rescaling = dynamic_cast<const model::Rescaling*>(&s.layer)) {
    p.kind = kernels::PointwiseKind::Rescale;
    p.scale = rescaling->scale();
    p.offset = rescaling->offset();
  } else {
    return nullptr;
  }
  return std::make_unique<PointwiseOp>(s, p);
}

class BatchNormOp final : public DeviceOp {
 public:
  explicit BatchNormOp(const OpSource& s) : size_(element_count(s.input_shapes[0])) {
    const auto& bn = dynamic_cast<const model::BatchNormalization&>(s.layer);
    map_ = upload_index_map(model::index_over_axes(s.input_shapes[0], bn.pattern_axes(s.input_shapes[0])));
    // Per parameter y = (x - mean) * factor + offset, factor as the CPU computes it (in double).
    const std::vector<model::Weight>& w = bn.weights();
    const size_t params = w.back().values.size();
    size_t next = 0;
    const model::Weight* gamma = bn.scale() ? &w[next++] : nullptr;
    const model::Weight* beta = bn.center() ? &w[next++] : nullptr;
    const std::vector<float>& mean = w[next++].values;
    const std::vector<float>& variance = w[next].values;
    std::vector<float> factor(params);
    std::vector<float> offset(params, 0.0f);
    for (size_t p = 0; p < params; ++p) {
      const double inv = 1.0 / std::sqrt(static_cast<double>(variance[p]) + bn.epsilon());
      factor[p] = static_cast<float>(inv * (gamma ? gamma->values[p] : 1.0f));
      if (beta) offset[p] = beta->values[p];
    }
    mean_ = upload(mean.data(), static_cast<int64_t>(params));
    factor_ = upload(factor.data(), static_cast<int64_t>(params));
    offset_ = upload(offset.data(), static_cast<int64_t>(params));
  }

  void enqueue(const OpLaunch& l) const override {
    kernels::batch_norm(l.stream, l.batch * size_, size_, map_.get(), mean_.get(), factor_.get(), offset_.get(),
                        l.inputs[0], l.output);
  }

 private:
  int64_t size_;
  DeviceArray<int32_t> map_;
  DeviceArray<float> mean_;
  DeviceArray<float> factor_;
  DeviceArray<float> offset_;
};

class PreluOp final : public DeviceOp {
 public:
  explicit PreluOp(const OpSource& s) : size_(element_count(s.input_shapes[0])), alpha_(s.weights.get(s.layer, 0)) {
    // As the CPU: alpha varies along the axes where its shape is not 1.
    std::vector<int> varying;
    const Shape& alpha_shape = s.layer.weights().at(0).shape;
    for (size_t d = 0; d < alpha_shape.size(); ++d) {
      if (alpha_shape[d] != 1) varying.push_back(static_cast<int>(d));
    }
    map_ = upload_index_map(model::index_over_axes(s.input_shapes[0], varying));
  }

  void enqueue(const OpLaunch& l) const override {
    kernels::prelu(l.stream, l.batch * size_, size_, map_.get(), alpha_, l.inputs[0], l.output);
  }

 private:
  int64_t size_;
  const float* alpha_;
  DeviceArray<int32_t> map_;
};

// The Softmax layer over its axes (Softmax::axis_range): one softmax per (outer, inner) pair.
class SoftmaxOp final : public DeviceOp {
 public:
  explicit SoftmaxOp(const OpSource& s)
      : extent_(softmax_extent(s.input_shapes[0],
                               dynamic_cast<const model::Softmax&>(s.layer).axis_range(s.input_shapes[0]))) {}

  void enqueue(const OpLaunch& l) const override {
    kernels::softmax(l.stream, l.batch * extent_.outer, extent_.axis, extent_.inner, l.inputs[0], nullptr, l.output,
                     false);
  }

 private:
  SoftmaxExtent extent_;
};

class LayerNormOp final : public DeviceOp {
 public:
  explicit LayerNormOp(const OpSource& s) {
    const auto& norm = dynamic_cast<const model::LayerNormalization&>(s.layer);
    const LayerNormGroups groups = layer_norm_groups(s.input_shapes[0], norm.axes(s.input_shapes[0]));
    members_ = upload_index_map(groups.members);
    param_of_ = upload_index_map(groups.param_of);
    geometry_ = {element_count(s.input_shapes[0]), groups.groups, groups.group_size, members_.get(), param_of_.get()};
    epsilon_ = norm.epsilon();
    // Keras stores [gamma if scale] [beta if center].
    if (norm.scale()) gamma_ = s.weights.get(s.layer, 0);
    if (norm.center()) beta_ = s.weights.get(s.layer, norm.scale() ? 1 : 0);
  }

  void enqueue(const OpLaunch& l) const override {
    kernels::layer_norm(l.stream, l.batch, geometry_, epsilon_, gamma_, beta_, l.inputs[0], l.output);
  }

 private:
  DeviceArray<int32_t> members_;
  DeviceArray<int32_t> param_of_;
  kernels::LayerNormGeometry geometry_;
  double epsilon_ = 0.0;
  const float* gamma_ = nullptr;
  const float* beta_ = nullptr;
};

}  // namespace

DeviceArray<int32_t> upload_index_map(const std::vector<int64_t>& map) {
  std::vector<int32_t> narrow(map.size());
  for (size_t i = 0; i < map.size(); ++i) {
    if (map[i] < 0 || map[i] > INT32_MAX) throw_unsupported("CUDA backend", "a pattern larger than 2^31 values");
    narrow[i] = static_cast<int32_t>(map[i]);
  }
  return upload(narrow.data(), static_cast<int64_t>(narrow.size()));
}

std::unique_ptr<DeviceOp> make_elementwise_op(const OpSource& source) {
  const model::Layer& layer = source.layer;
  if (dynamic_cast<const model::ActivationLayer*>(&layer)) return std::make_unique<ActivationOp>(source);
  if (dynamic_cast<const model::BatchNormalization*>(&layer)) return std::make_unique<BatchNormOp>(source);
  if (dynamic_cast<const model::Prelu*>(&layer)) return std::make_unique<PreluOp>(source);
  if (dynamic_cast<const model::Softmax*>(&layer)) return std::make_unique<SoftmaxOp>(source);
  if (dynamic_cast<const model::LayerNormalization*>(&layer)) return std::make_unique<LayerNormOp>(source);
  return make_pointwise(source);
}

}  // namespace cerebro::compute::cuda
