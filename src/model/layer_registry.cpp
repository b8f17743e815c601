#include "model/layer_registry.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "model/layers/activation_layer.hpp"
#include "model/layers/batch_normalization.hpp"
#include "model/layers/concatenate.hpp"
#include "model/layers/conv.hpp"
#include "model/layers/cropping.hpp"
#include "model/layers/dense.hpp"
#include "model/layers/depthwise_conv2d.hpp"
#include "model/layers/elu.hpp"
#include "model/layers/flatten.hpp"
#include "model/layers/global_pooling.hpp"
#include "model/layers/identity.hpp"
#include "model/layers/input_layer.hpp"
#include "model/layers/layer_normalization.hpp"
#include "model/layers/leaky_relu.hpp"
#include "model/layers/merge.hpp"
#include "model/layers/permute.hpp"
#include "model/layers/pooling.hpp"
#include "model/layers/prelu.hpp"
#include "model/layers/random_crop.hpp"
#include "model/layers/relu.hpp"
#include "model/layers/rescaling.hpp"
#include "model/layers/reshape.hpp"
#include "model/layers/separable_conv2d.hpp"
#include "model/layers/softmax.hpp"
#include "model/layers/up_sampling.hpp"
#include "model/layers/zero_padding.hpp"

namespace cerebro::model {
namespace {

using Factory = std::unique_ptr<Layer> (*)(const LayerConfig&);

struct Entry {
  std::string_view keras_class;
  Factory factory;
};

// An explicit table rather than self-registration: static registrars in a static library are
// silently dropped by the linker.
constexpr std::array kFactories{
    Entry{"InputLayer", &make_input_layer},
    Entry{"Dense", &make_dense},
    Entry{"Flatten", &make_flatten},
    Entry{"Reshape", &make_reshape},
    Entry{"Permute", &make_permute},
    Entry{"Rescaling", &make_rescaling},
    Entry{"Activation", &make_activation_layer},
    Entry{"ReLU", &make_relu},
    Entry{"LeakyReLU", &make_leaky_relu},
    Entry{"ELU", &make_elu},
    Entry{"PReLU", &make_prelu},
    Entry{"Softmax", &make_softmax},
    Entry{"Conv1D", &make_conv1d},
    Entry{"Conv2D", &make_conv2d},
    Entry{"DepthwiseConv2D", &make_depthwise_conv2d},
    Entry{"SeparableConv2D", &make_separable_conv2d},
    Entry{"MaxPooling1D", &make_max_pooling1d},
    Entry{"MaxPooling2D", &make_max_pooling2d},
    Entry{"AveragePooling1D", &make_average_pooling1d},
    Entry{"AveragePooling2D", &make_average_pooling2d},
    Entry{"GlobalMaxPooling1D", &make_global_max_pooling1d},
    Entry{"GlobalMaxPooling2D", &make_global_max_pooling2d},
    Entry{"GlobalAveragePooling1D", &make_global_average_pooling1d},
    Entry{"GlobalAveragePooling2D", &make_global_average_pooling2d},
    Entry{"BatchNormalization", &make_batch_normalization},
    Entry{"LayerNormalization", &make_layer_normalization},
    Entry{"ZeroPadding1D", &make_zero_padding1d},
    Entry{"ZeroPadding2D", &make_zero_padding2d},
    Entry{"Cropping1D", &make_cropping1d},
    Entry{"Cropping2D", &make_cropping2d},
    Entry{"UpSampling1D", &make_up_sampling1d},
    Entry{"UpSampling2D", &make_up_sampling2d},
    Entry{"Add", &make_add},
    Entry{"Subtract", &make_subtract},
    Entry{"Multiply", &make_multiply},
    Entry{"Average", &make_average},
    Entry{"Maximum", &make_maximum},
    Entry{"Minimum", &make_minimum},
    Entry{"Concatenate", &make_concatenate},
    Entry{"RandomCrop", &make_random_crop},
    // Identities at inference.
    Entry{"Dropout", &make_inference_identity},
    Entry{"SpatialDropout1D", &make_inference_identity},
    Entry{"SpatialDropout2D", &make_inference_identity},
    Entry{"SpatialDropout3D", &make_inference_identity},
    Entry{"AlphaDropout", &make_inference_identity},
    Entry{"GaussianNoise", &make_inference_identity},
    Entry{"GaussianDropout", &make_inference_identity},
    Entry{"ActivityRegularization", &make_inference_identity},
    Entry{"RandomFlip", &make_inference_identity},
    Entry{"RandomRotation", &make_inference_identity},
    Entry{"RandomZoom", &make_inference_identity},
    Entry{"RandomTranslation", &make_inference_identity},
    Entry{"RandomContrast", &make_inference_identity},
    Entry{"RandomBrightness", &make_inference_identity},
};

// Classes whose config holds Python code or calls into TensorFlow ops by name.
constexpr std::array<std::string_view, 3> kCodeCarrying{"Lambda", "TFOpLambda", "SlicingOpLambda"};

// Recurrent layers (and their wrappers) of Keras 2, tf.keras and Keras 3.
constexpr std::array<std::string_view, 14> kRecurrent{
    "LSTM",       "GRU",        "SimpleRNN",  "RNN",       "Bidirectional", "ConvLSTM1D", "ConvLSTM2D",
    "ConvLSTM3D", "CuDNNLSTM",  "CuDNNGRU",   "LSTMCell",  "GRUCell",       "SimpleRNNCell", "StackedRNNCells",
};

bool listed(std::span<const std::string_view> names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::unique_ptr<Layer> create_layer(const LayerConfig& config) {
  if (listed(kCodeCarrying, config.class_name)) {
    throw_unsupported(config.context(), "carries Python code, which cerebro never runs; refusing the model");
  }
  if (listed(kRecurrent, config.class_name)) throw_unsupported(config.context(), "recurrent layers are not supported yet");
  for (const Entry& entry : kFactories) {
    if (entry.keras_class == config.class_name) {
      std::unique_ptr<Layer> layer = entry.factory(config);
      layer->set_trainable(config.get_bool("trainable", true));
      return layer;
    }
  }
  throw_unsupported(config.context(), "Keras class '" + config.class_name + "' is not supported");
}

std::vector<std::string_view> supported_layer_classes() {
  std::vector<std::string_view> names;
  for (const Entry& entry : kFactories) names.push_back(entry.keras_class);
  return names;
}

}  // namespace cerebro::model
