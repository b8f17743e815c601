// Graph building: shape inference, weight checks and parameter counts.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "model/graph.hpp"
#include "model/layers/activation_layer.hpp"
#include "model/layers/dense.hpp"
#include "model/layers/flatten.hpp"
#include "model/layers/input_layer.hpp"
#include "model/summary.hpp"

namespace cerebro::model {
namespace {

Graph article_shaped_graph() {
  Graph graph;
  int x = graph.add(std::make_unique<InputLayer>("input_1", Shape{50, 50}), {});
  x = graph.add(std::make_unique<Dense>("dense_1", 75, true, Activation::Relu), {x});
  x = graph.add(std::make_unique<Flatten>("flatten_1"), {x});
  graph.add(std::make_unique<Dense>("dense_4", 5, false, Activation::Softmax), {x});
  graph.set_outputs({});
  return graph;
}

TEST(Graph, InfersShapesAlongTheChain) {
  const Graph graph = article_shaped_graph();
  EXPECT_EQ(graph.output_shape(1), (Shape{50, 75}));
  EXPECT_EQ(graph.output_shape(2), (Shape{3750}));
  EXPECT_EQ(graph.output_shape(3), (Shape{5}));
  EXPECT_EQ(graph.output_layers(), std::vector<int>{3});
  EXPECT_EQ(graph.input_layers(), std::vector<int>{0});
  EXPECT_EQ(graph.find("flatten_1"), 2);
  EXPECT_EQ(graph.find("nope"), std::nullopt);
}

TEST(Graph, WeightsWithTheWrongShapeAreRefusedNamingBothShapes) {
  Graph graph = article_shaped_graph();
  std::vector<Weight> weights{{"dense_1/kernel:0", {50, 74}, std::vector<float>(50 * 74)},
                              {"dense_1/bias:0", {75}, std::vector<float>(75)}};
  try {
    graph.set_weights(1, std::move(weights), "m.h5");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    EXPECT_STREQ(error.what(),
                 "m.h5: layer 'dense_1' (Dense): weight 'dense_1/kernel:0' has shape (50, 74), the config implies (50, 75)");
  }
}

TEST(Graph, CountsParamsFromWeights) {
  Graph graph = article_shaped_graph();
  graph.set_weights(1, {{"k", {50, 75}, std::vector<float>(50 * 75)}, {"b", {75}, std::vector<float>(75)}}, "m.h5");
  graph.set_weights(3, {{"k", {3750, 5}, std::vector<float>(3750 * 5)}}, "m.h5");
  EXPECT_EQ(graph.params(1).total(), 3825);
  EXPECT_EQ(graph.params(3).trainable, 18750);
  EXPECT_EQ(graph.total_params().total(), 3825 + 18750);
  EXPECT_EQ(graph.total_params().non_trainable, 0);
}

TEST(Graph, DuplicateNamesAreRefused) {
  Graph graph;
  graph.add(std::make_unique<InputLayer>("x", Shape{4}), {});
  EXPECT_THROW(graph.add(std::make_unique<Dense>("x", 2, true, Activation::Linear), {0}), Error);
}

// A Dense shared by two inputs: one node per call, one Layer, its parameters counted once.
TEST(Graph, SharedLayerHasANodePerCallAndCountsOnce) {
  Graph graph;
  const int a = graph.add(std::make_unique<InputLayer>("a", Shape{4}), {});
  const int b = graph.add(std::make_unique<InputLayer>("b", Shape{4}), {});
  auto shared = std::make_shared<Dense>("shared", 3, true, Activation::Linear);
  const int first = graph.add(shared, {a}, "shared#0");
  const int second = graph.add(shared, {b}, "shared#1");
  graph.set_inputs({b, a});
  graph.set_outputs({});
  graph.set_weights(first, {{"k", {4, 3}, std::vector<float>(12)}, {"b", {3}, std::vector<float>(3)}}, "m.keras");
  EXPECT_EQ(&graph.layer(first), &graph.layer(second));
  EXPECT_EQ(graph.params(second).total(), 15);  // the second call sees the weights too
  EXPECT_EQ(graph.total_params().total(), 15);
  EXPECT_EQ(graph.find("shared#1"), second);
  EXPECT_EQ(graph.find("shared"), std::nullopt);
  EXPECT_EQ(graph.input_layers(), (std::vector<int>{b, a}));
  EXPECT_EQ(graph.output_layers(), (std::vector<int>{first, second}));
  EXPECT_THROW(graph.set_inputs({a}), Error);  // every node without inputs must be a model input

  const ModelLayer entry{"shared", "Dense", {first, second}, {{first}, {second}}};
  EXPECT_EQ(graph.params(entry).total(), 15);
  EXPECT_EQ(summary_output_shape(graph, entry), "(None, 3)");
}

TEST(Summary, SharedLayerWithDifferentShapesReadsMultiple) {
  Graph graph;
  const int a = graph.add(std::make_unique<InputLayer>("a", Shape{4}), {});
  const int b = graph.add(std::make_unique<InputLayer>("b", Shape{5}), {});
  auto act = std::make_shared<ActivationLayer>("act", Activation::Relu);
  const int first = graph.add(act, {a}, "act#0");
  const int second = graph.add(act, {b}, "act#1");
  graph.set_model_layers({{"a", "InputLayer", {a}, {{a}}},
                          {"b", "InputLayer", {b}, {{b}}},
                          {"act", "Activation", {first, second}, {{first}, {second}}}});
  EXPECT_EQ(summary_output_shape(graph, graph.model_layers()[2]), "multiple");
  const std::string table = summary_table(graph);
  EXPECT_NE(table.find("act (Activation)                 multiple"), std::string::npos) << table;
  EXPECT_EQ(table.find("act#0"), std::string::npos) << table;  // one row per Keras layer, not per call
}

TEST(Summary, ThousandsSeparators) {
  EXPECT_EQ(with_thousands(0), "0");
  EXPECT_EQ(with_thousands(999), "999");
  EXPECT_EQ(with_thousands(11665), "11,665");
  EXPECT_EQ(with_thousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace cerebro::model
