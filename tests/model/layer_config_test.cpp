// Layer kinds built from Keras configs: refusals that must be one clear error, parameter counts
// that follow the config's flags, and shape inference.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "layer_test_util.hpp"
#include "model/graph.hpp"
#include "model/layers/input_layer.hpp"

namespace cerebro::model {
namespace {

using nlohmann::json;
using testing::make;
using testing::run;

void expect_error(const std::string& class_name, const json& config, ErrorKind kind, const std::string& message,
                  int keras_major = 2) {
  try {
    make(class_name, config, keras_major);
    FAIL() << "expected an error for " << class_name;
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), kind);
    EXPECT_EQ(std::string(error.what()), message);
  }
}

TEST(LayerConfig, RecurrentLayersAreRefused) {
  for (const char* cls : {"LSTM", "GRU", "SimpleRNN", "Bidirectional", "ConvLSTM2D"}) {
    expect_error(cls, json::object(), ErrorKind::Unsupported,
                 std::string("m.h5: layer 'probe' (") + cls + "): recurrent layers are not supported yet");
  }
}

TEST(LayerConfig, ChannelsFirstIsRefusedNamingLayerAndClass) {
  for (const char* cls : {"Conv2D", "MaxPooling2D", "GlobalAveragePooling2D", "UpSampling2D", "ZeroPadding2D"}) {
    expect_error(cls, {{"data_format", "channels_first"}, {"filters", 2}, {"kernel_size", 3}, {"padding", 1}},
                 ErrorKind::Unsupported,
                 std::string("m.h5: layer 'probe' (") + cls + "): data_format 'channels_first' is not supported (only channels_last)");
  }
}

TEST(LayerConfig, OtherRefusals) {
  expect_error("UpSampling2D", {{"interpolation", "bicubic"}}, ErrorKind::Unsupported,
               "m.h5: layer 'probe' (UpSampling2D): interpolation 'bicubic' is not supported (nearest, bilinear)");
  expect_error("RandomCrop", {{"height", 2}, {"width", 2}}, ErrorKind::Unsupported,
               "m.h5: layer 'probe' (RandomCrop): Keras 3's RandomCrop does not crop at inference; not supported", 3);
  expect_error("Conv2D", {{"filters", 4}, {"kernel_size", 3}, {"groups", 3}}, ErrorKind::BadInput,
               "m.h5: layer 'probe' (Conv2D): groups must be a positive divisor of filters");
  expect_error("Reshape", {{"target_shape", {-1, -1}}}, ErrorKind::BadInput,
               "m.h5: layer 'probe' (Reshape): target_shape must hold positive sizes and at most one -1");
  expect_error("Conv2D", {{"filters", 4}, {"kernel_size", 3}, {"activation", "celu"}}, ErrorKind::Unsupported,
               "m.h5: layer 'probe' (Conv2D): activation 'celu' is not supported");
}

TEST(BatchNormalization, MovingStatisticsAreNotTrainableAndFlagsDropWeights) {
  for (const auto& [center, scale] : {std::pair{true, true}, std::pair{false, true}, std::pair{true, false}}) {
    Graph graph;
    const int in = graph.add(std::make_unique<InputLayer>("in", Shape{5, 3}), {});
    const int bn = graph.add(make("BatchNormalization", {{"center", center}, {"scale", scale}}), {in});
    const size_t affine = (center ? 1 : 0) + (scale ? 1 : 0);
    std::vector<Weight> weights(affine + 2, Weight{"w", {3}, {1, 1, 1}});
    graph.set_weights(bn, weights, "m.h5");
    EXPECT_EQ(graph.params(bn).trainable, static_cast<int64_t>(3 * affine));
    EXPECT_EQ(graph.params(bn).non_trainable, 6);
  }
}

TEST(BatchNormalization, AnyAxis) {
  // Parameters along axis 1 (the 2 rows): y = (x - mean) / sqrt(var + eps) * gamma + beta.
  auto bn = make("BatchNormalization", {{"axis", 1}, {"epsilon", 0.0}});
  const std::vector<float> y = run(*bn, {2, 3}, {1, 2, 3, 4, 5, 6}, {{2, 1}, {0, 10}, {1, 4}, {4, 1}});
  EXPECT_EQ(y, (std::vector<float>{0, 1, 2, 10, 11, 12}));
}

TEST(LayerNormalization, NormalisesEachPatternOverItsAxes) {
  // Rows [1, 3] and [2, 6] normalised over the last axis: mean 2 / 4, variance 1 / 4.
  auto ln = make("LayerNormalization", {{"axis", -1}, {"epsilon", 0.0}, {"center", false}});
  const std::vector<float> y = run(*ln, {2, 2}, {1, 3, 2, 6}, {{1, 10}});
  EXPECT_EQ(y, (std::vector<float>{-1, 10, -1, 10}));
}

TEST(Prelu, AlphaBroadcastsAlongSharedAxes) {
  auto prelu = make("PReLU", {{"shared_axes", {1}}});
  const std::vector<Shape> alpha_shape = prelu->expected_weight_shapes(std::vector<Shape>{{2, 3}});
  EXPECT_EQ(alpha_shape, (std::vector<Shape>{{1, 3}}));
  EXPECT_EQ(run(*prelu, {2, 3}, {-1, -1, 2, -2, 1, -2}, {{0.5f, 0.25f, 0.1f}}),
            (std::vector<float>{-0.5f, -0.25f, 2, -1, 1, -0.2f}));
}

TEST(Relu, FollowsKerasFormulaForEveryOption) {
  auto relu = make("ReLU", {{"max_value", 2.0}, {"negative_slope", 0.5}, {"threshold", 1.0}});
  // x <= threshold: 0 - 0.5 * (1 - x); between: x; above max_value: 2.
  EXPECT_EQ(run(*relu, {5}, {-1, 1, 1.5f, 2, 3}), (std::vector<float>{-1, 0, 1.5f, 2, 2}));
  auto leaky2 = make("LeakyReLU", {{"alpha", 0.1}});
  auto leaky3 = make("LeakyReLU", {{"negative_slope", 0.2}}, 3);
  auto leaky_default = make("LeakyReLU", json::object());
  EXPECT_EQ(run(*leaky2, {2}, {-10, 3}), (std::vector<float>{-1, 3}));
  EXPECT_EQ(run(*leaky3, {2}, {-10, 3}), (std::vector<float>{-2, 3}));
  EXPECT_FLOAT_EQ(run(*leaky_default, {1}, {-1})[0], -0.3f);
}

TEST(Shapes, ReshapePermuteConcatenateAndBroadcastingMerges) {
  auto reshape = make("Reshape", {{"target_shape", {3, -1}}});
  EXPECT_EQ(reshape->infer_shape(std::vector<Shape>{{4, 6}}), (Shape{3, 8}));
  EXPECT_THROW(reshape->infer_shape(std::vector<Shape>{{5}}), Error);
  auto permute = make("Permute", {{"dims", {2, 1}}});
  EXPECT_EQ(run(*permute, {2, 3}, {1, 2, 3, 4, 5, 6}), (std::vector<float>{1, 4, 2, 5, 3, 6}));
  auto concat = make("Concatenate", {{"axis", 1}});
  EXPECT_EQ(concat->infer_shape(std::vector<Shape>{{2, 3}, {4, 3}}), (Shape{6, 3}));
  EXPECT_THROW(concat->infer_shape(std::vector<Shape>{{2, 3}, {4, 2}}), Error);
  auto add = make("Add", json::object());
  EXPECT_EQ(add->infer_shape(std::vector<Shape>{{4, 5}, {1, 5}}), (Shape{4, 5}));
  EXPECT_EQ(add->infer_shape(std::vector<Shape>{{4, 5}, {5}}), (Shape{4, 5}));
  EXPECT_THROW(add->infer_shape(std::vector<Shape>{{4, 5}, {3, 5}}), Error);
  EXPECT_THROW(make("Subtract", json::object())->infer_shape(std::vector<Shape>{{2}, {2}, {2}}), Error);
}

}  // namespace
}  // namespace cerebro::model
