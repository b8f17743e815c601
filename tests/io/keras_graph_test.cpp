// Keras model configs to graphs: both inbound_nodes forms, Keras 2's node numbering of nested
// models, shared layers, listing order, and the names Keras 3 gives weight groups. The configs are
// cut down to what the loader reads; whole files written by Keras are in the conformance test.
#include <gtest/gtest.h>

#include "io/keras/build_graph.hpp"
#include "io/keras/keras_v3.hpp"
#include "io/keras/model_spec.hpp"
#include "io/model_loader.hpp"
#include "io_test_util.hpp"
#include "support/test_support.hpp"

namespace cerebro::io {
namespace {

using nlohmann::json;

model::Graph build(const json& config, const std::string& keras_version) {
  const KerasContext context{"m.h5", keras_version, keras_major_version(keras_version)};
  const std::shared_ptr<ModelSpec> spec = parse_model(config, context);
  return build_graph(*spec, context);
}

json input_layer(const std::string& name, int width) {
  return {{"name", name}, {"class_name", "InputLayer"},
          {"config", {{"name", name}, {"batch_input_shape", {nullptr, width}}}}, {"inbound_nodes", json::array()}};
}

json dense(const std::string& name, int units, json inbound_nodes) {
  return {{"name", name}, {"class_name", "Dense"}, {"config", {{"name", name}, {"units", units}}},
          {"inbound_nodes", std::move(inbound_nodes)}};
}

// Inputs a and b (width 4) each through a nested Sequential `seq` (Dense d1: 4 -> 3), then
// heads: ha on the call numbered `ha_node`, hb on the one numbered `hb_node`.
json nested_sequential_called_twice(json seq_layers, int ha_node, int hb_node) {
  json seq = {{"name", "seq"}, {"class_name", "Sequential"}, {"config", std::move(seq_layers)},
              {"inbound_nodes", json::array({json::array({json::array({"a", 0, 0, json::object()})}),
                                             json::array({json::array({"b", 0, 0, json::object()})})})}};
  json layers = json::array({input_layer("a", 4), input_layer("b", 4), seq,
                             dense("ha", 2, json::array({json::array({json::array({"seq", ha_node, 0, json::object()})})})),
                             dense("hb", 5, json::array({json::array({json::array({"seq", hb_node, 0, json::object()})})}))});
  return {{"class_name", "Model"},
          {"config", {{"name", "m"}, {"layers", layers}, {"input_layers", {{"a", 0, 0}, {"b", 0, 0}}},
                      {"output_layers", {{"ha", 0, 0}, {"hb", 0, 0}}}}}};
}

int node(const model::Graph& graph, const std::string& name) {
  const std::optional<int> index = graph.find(name);
  EXPECT_TRUE(index.has_value()) << name;
  return index.value_or(-1);
}

void expect_heads_on_swapped_calls(const model::Graph& graph) {
  // ha reads the call numbered 2 = the second call (on b); hb the first (on a).
  EXPECT_EQ(graph.inputs_of(node(graph, "ha")), std::vector<int>{node(graph, "seq#1/d1")});
  EXPECT_EQ(graph.inputs_of(node(graph, "hb")), std::vector<int>{node(graph, "seq#0/d1")});
  EXPECT_EQ(graph.inputs_of(node(graph, "seq#1/d1")), std::vector<int>{node(graph, "b")});
  EXPECT_EQ(graph.output_shape(node(graph, "hb")), (Shape{5}));
  ASSERT_EQ(graph.model_layers().size(), 5u);
  EXPECT_EQ(graph.model_layers()[2].name, "seq");
  EXPECT_EQ(graph.model_layers()[2].calls.size(), 2u);
}

TEST(KerasConfig, Keras22NumbersNestedModelCallsFromOne) {
  // Keras 2.0-2.3 keep the first node of every nested model out of the config (kept_nodes = 1).
  const json seq_layers = json::array({dense("d1", 3, nullptr)});
  expect_heads_on_swapped_calls(build(nested_sequential_called_twice(seq_layers, 2, 1), "2.2.4"));
}

TEST(KerasConfig, TfKerasNumbersFromOneOnlyWhenTheNestedModelHasAnInput) {
  json with_shape = dense("d1", 3, nullptr);
  with_shape["config"]["batch_input_shape"] = {nullptr, 4};
  expect_heads_on_swapped_calls(build(nested_sequential_called_twice(json::array({with_shape}), 2, 1), "2.2.4-tf"));
  expect_heads_on_swapped_calls(
      build(nested_sequential_called_twice(json::array({input_layer("seq_in", 4), dense("d1", 3, nullptr)}), 2, 1), "2.21.0"));
  // Built without an input: numbered from 0, so 2 names a call that does not exist.
  test::expect_error([&] { build(nested_sequential_called_twice(json::array({dense("d1", 3, nullptr)}), 2, 1), "2.21.0"); },
                     ErrorKind::BadInput, {"m.h5: layer 'ha'", "refers to call 2 of 'seq', which is called 2 time(s)"});
}

json keras3_tensor(const std::string& layer, int node_index) {
  return {{"class_name", "__keras_tensor__"}, {"config", {{"shape", {nullptr, 4}}, {"keras_history", {layer, node_index, 0}}}}};
}

json keras3_call(json args, json kwargs = json::object()) { return {{"args", std::move(args)}, {"kwargs", std::move(kwargs)}}; }

TEST(KerasConfig, Keras3SharedLayerInAnyListingOrder) {
  // "out" is listed first; "shared" is called on x, then on its own output (node 0).
  json layers = json::array(
      {dense("out", 2, json::array({keras3_call(json::array({keras3_tensor("shared", 1)}))})),
       input_layer("x", 4),
       dense("shared", 4, json::array({keras3_call(json::array({keras3_tensor("x", 0)})),
                                       keras3_call(json::array({keras3_tensor("shared", 0)}))}))});
  const json config = {{"class_name", "Functional"},
                       {"config", {{"name", "f"}, {"layers", layers}, {"input_layers", {"x", 0, 0}},
                                   {"output_layers", {{"out", 0, 0}}}}}};
  const model::Graph graph = build(config, "3.15.1");
  ASSERT_EQ(graph.size(), 4);
  EXPECT_EQ(graph.node_name(0), "x");
  EXPECT_EQ(graph.node_name(1), "shared#0");
  EXPECT_EQ(graph.node_name(2), "shared#1");
  EXPECT_EQ(graph.node_name(3), "out");
  EXPECT_EQ(&graph.layer(1), &graph.layer(2));
  EXPECT_EQ(graph.output_layers(), std::vector<int>{3});
  ASSERT_EQ(graph.model_layers().size(), 3u);  // Keras' own order: out, x, shared
  EXPECT_EQ(graph.model_layers()[0].name, "out");
  EXPECT_EQ(graph.model_layers()[2].nodes, (std::vector<int>{1, 2}));
}

TEST(KerasConfig, TensorsPassedAsKeywordsAreRefused) {
  json layers = json::array({input_layer("x", 4), input_layer("y", 4),
                             dense("d", 2, json::array({keras3_call(json::array({keras3_tensor("x", 0)}),
                                                                    {{"mask", keras3_tensor("y", 0)}})}))});
  const json config = {{"class_name", "Functional"},
                       {"config", {{"name", "f"}, {"layers", layers}, {"input_layers", {{"x", 0, 0}, {"y", 0, 0}}},
                                   {"output_layers", {{"d", 0, 0}}}}}};
  test::expect_error([&] { build(config, "3.15.1"); }, ErrorKind::Unsupported,
                     {"m.h5: layer 'd'", "a tensor is passed as a keyword argument ('y')"});
}

TEST(KerasConfig, NestedModelsTooDeepAreRefused) {
  json model = {{"class_name", "Sequential"}, {"config", {{"name", "s"}, {"layers", json::array({input_layer("i", 4)})}}}};
  for (int depth = 0; depth < 40; ++depth) {
    model = {{"class_name", "Sequential"}, {"name", "s" + std::to_string(depth)},
             {"config", {{"name", "s" + std::to_string(depth)}, {"layers", json::array({input_layer("i", 4), model})}}}};
  }
  test::expect_error([&] { build(model, "3.15.1"); }, ErrorKind::BadInput, {"m.h5", "nested too deeply"});
}

// In-process (so the sanitizer builds watch the zip and HDF5 reading); the CLI side is in
// tests/app/bad_input_test.cpp.
TEST(KerasLoader, BrokenAndHostileFilesAreOneLineErrors) {
  const auto fixture = [](const char* name) { return testing::fixture(name).string(); };
  test::expect_error([&] { load_model(fixture("bad/huge_entry_keras3.keras")); }, ErrorKind::BadInput,
                     {"entry 'model.weights.h5'", "declares 3000000000 bytes"});
  test::expect_error([&] { load_model(fixture("bad/no_config_keras3.keras")); }, ErrorKind::BadInput, {"without config.json"});
  test::expect_error([&] { load_model(fixture("bad/cyclic_keras3.keras")); }, ErrorKind::BadInput, {"form a cycle"});
  test::expect_error([&] { load_model(fixture("bad/dangling_keras3.keras")); }, ErrorKind::BadInput,
                     {"its input 'ghost' is not a layer of the model"});
  test::expect_error([&] { load_model(fixture("wo_arch_keras3.keras"), fixture("bad/wo_shapes_keras3.weights.h5")); },
                     ErrorKind::BadInput, {"layer 'mid' (Dense)", "(7, 6), the config implies (7, 5)"});
  test::expect_error([&] { load_model(fixture("wo_arch_tfkeras.json"), fixture("bad/wo_shapes_tfkeras_weights.h5")); },
                     ErrorKind::BadInput, {"layer 'core_a' (Dense)", "(7, 3), the config implies (7, 6)"});
  const model::Graph graph = load_model(fixture("dotdot_entry_keras3.keras"));
  EXPECT_EQ(graph.size(), 6);
}

TEST(KerasV3, SnakeCaseMatchesKerasNaming) {
  // Expected values: keras.src.utils.naming.to_snake_case on the same class names.
  const std::pair<const char*, const char*> cases[] = {
      {"Conv2D", "conv2d"}, {"MaxPooling2D", "max_pooling2d"}, {"InputLayer", "input_layer"},
      {"BatchNormalization", "batch_normalization"}, {"GlobalAveragePooling2D", "global_average_pooling2d"},
      {"LSTM", "lstm"}, {"PReLU", "p_re_lu"}, {"ReLU", "re_lu"}, {"Conv2DTranspose", "conv2d_transpose"},
      {"UpSampling2D", "up_sampling2d"}, {"Functional", "functional"}, {"My-Layer.X", "my_layer_x"}};
  for (const auto& [name, expected] : cases) EXPECT_EQ(keras_snake_case(name), expected) << name;
}

}  // namespace
}  // namespace cerebro::io
