// Which layer kinds the CUDA backend runs, and the op for each.
#include "compute/cuda/device_op.hpp"
#include "core/error.hpp"
#include "model/layers/activation_layer.hpp"
#include "model/layers/batch_normalization.hpp"
#include "model/layers/concatenate.hpp"
#include "model/layers/conv.hpp"
#include "model/layers/cropping.hpp"
#include "model/layers/dense.hpp"
#include "model/layers/depthwise_conv2d.hpp"
#include "model/layers/elu.hpp"
#include "model/layers/global_pooling.hpp"
#include "model/layers/input_layer.hpp"
#include "model/layers/layer_util.hpp"
#include "model/layers/layer_normalization.hpp"
#include "model/layers/leaky_relu.hpp"
#include "model/layers/merge.hpp"
#include "model/layers/permute.hpp"
#include "model/layers/pooling.hpp"
#include "model/layers/prelu.hpp"
#include "model/layers/random_crop.hpp"
#include "model/layers/relu.hpp"
#include "model/layers/rescaling.hpp"
#include "model/layers/separable_conv2d.hpp"
#include "model/layers/softmax.hpp"
#include "model/layers/up_sampling.hpp"
#include "model/layers/zero_padding.hpp"

namespace cerebro::compute::cuda {
namespace {

template <typename... Kinds>
bool is_one_of(const model::Layer& layer) {
  return (... || (dynamic_cast<const Kinds*>(&layer) != nullptr));
}

}  // namespace

const float* WeightCache::get(const model::Layer& layer, size_t index) {
  const auto key = std::make_pair(&layer, index);
  auto found = weights_.find(key);
  if (found == weights_.end()) {
    const std::vector<float>& values = layer.weights().at(index).values;
    found = weights_.emplace(key, upload(values.data(), static_cast<int64_t>(values.size()))).first;
  }
  return found->second.get();
}

bool device_supports(const model::Layer& layer) {
  if (layer.is_identity()) return true;
  return is_one_of<model::InputLayer, model::Dense, model::Conv, model::DepthwiseConv2D, model::SeparableConv2D,
                   model::ActivationLayer, model::BatchNormalization, model::LayerNormalization, model::Softmax,
                   model::Prelu, model::Relu, model::LeakyRelu, model::Elu, model::Rescaling, model::Pooling,
                   model::GlobalPooling, model::Concatenate, model::Merge, model::Permute, model::ZeroPadding,
                   model::Cropping, model::UpSampling, model::RandomCrop>(layer);
}

std::unique_ptr<DeviceOp> make_device_op(const OpSource& source) {
  if (auto op = make_linear_op(source)) return op;
  if (auto op = make_elementwise_op(source)) return op;
  if (auto op = make_layout_op(source)) return op;
  throw_internal(model::layer_context(source.layer), "the CUDA backend has no op for this layer");
}

}  // namespace cerebro::compute::cuda
