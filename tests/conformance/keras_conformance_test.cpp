// Real Keras files, loaded and run on the CPU backend, against outputs Keras (our fixtures) or an
// independent float64 NumPy implementation (the shared fixtures) computed for the same input.
#include <gtest/gtest.h>

#include <algorithm>

#include "compute/cpu/cpu_backend.hpp"
#include "io/model_loader.hpp"
#include "model/graph.hpp"
#include "model/summary.hpp"
#include "support/reference.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

using testing::Reference;

struct Case {
  std::string name;  // for the test's name
  std::filesystem::path model;
  std::filesystem::path ref_dir;
  std::filesystem::path weights = {};  // --weights, when the model file's own weights are not used
  // The references are keyed by the weights file when there is one (as ../shared/fixtures does).
  std::string ref_key() const { return (weights.empty() ? model : weights).filename().string(); }
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.name; }

Case ours(const std::string& file) {
  return {file, testing::fixture(file), testing::fixture("ref")};
}
Case shared(const std::string& file) {
  return {file, testing::shared_fixture("keras/" + file), testing::shared_fixture("keras/ref")};
}
Case ours_pair(const std::string& architecture, const std::string& weights) {
  return {weights, testing::fixture(architecture), testing::fixture("ref"), testing::fixture(weights)};
}
Case shared_pair(const std::string& architecture, const std::string& weights) {
  return {weights, testing::shared_fixture("keras/" + architecture), testing::shared_fixture("keras/ref"),
          testing::shared_fixture("keras/" + weights)};
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

model::Graph load(const Case& c) { return io::load_model(c.model.string(), c.weights.empty() ? "" : c.weights.string()); }

class KerasConformance : public ::testing::TestWithParam<Case> {};

// The reference input may lack the batch axis (shared fixtures hold one pattern).
int64_t batch_of(const io::NpyArray& input, const Shape& input_shape) {
  return input.shape.size() == input_shape.size() ? 1 : input.shape.front();
}

// One pattern array per graph input: the reference input of a one-input model, else each input
// layer's output in the npz (the input itself, with its batch axis).
std::vector<std::vector<float>> reference_inputs(const Reference& ref, const model::Graph& graph, int64_t& batch) {
  std::vector<std::vector<float>> inputs;
  for (int index : graph.input_layers()) {
    const Shape& shape = graph.output_shape(index);
    const bool single = graph.input_layers().size() == 1 && !ref.input.values.empty();
    const io::NpyArray& array = single ? ref.input : ref.layers.at(graph.node_name(index));
    batch = single ? batch_of(array, shape) : array.shape.front();
    EXPECT_EQ(static_cast<int64_t>(array.values.size()), batch * element_count(shape)) << graph.node_name(index);
    inputs.push_back(testing::to_floats(array.values));
  }
  return inputs;
}

TEST_P(KerasConformance, EveryLayerMatchesTheReference) {
  const Case& c = GetParam();
  ASSERT_TRUE(std::filesystem::exists(c.model)) << c.model << " is missing";
  const Reference ref = testing::load_reference(c.ref_dir, c.ref_key());
  const model::Graph graph = load(c);

  int64_t batch = 0;
  const std::vector<std::vector<float>> inputs = reference_inputs(ref, graph, batch);
  ASSERT_GT(batch, 0);
  std::vector<const float*> pointers;
  for (const auto& input : inputs) pointers.push_back(input.data());
  compute::CpuBackend backend;
  backend.plan(graph, batch);
  backend.run(pointers, batch);

  int compared = 0;
  for (int i = 0; i < graph.size(); ++i) {
    const std::string& name = graph.node_name(i);
    auto it = ref.layers.find(name);
    ASSERT_NE(it, ref.layers.end()) << "no reference for layer " << name;
    std::vector<float> actual(static_cast<size_t>(batch * element_count(graph.output_shape(i))));
    backend.download(i, actual);
    Shape expected_shape = it->second.shape;
    expected_shape.erase(expected_shape.begin());
    EXPECT_EQ(graph.output_shape(i), expected_shape) << name;
    EXPECT_LE(testing::relative_error(actual, it->second.values), 1e-5) << name;
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(ref.layers.size())) << "the reference has layers the graph lacks";

  // The prediction of every output: same class for every pattern.
  for (int out : graph.output_layers()) {
    const int64_t classes = element_count(graph.output_shape(out));
    std::vector<float> prediction(static_cast<size_t>(batch * classes));
    backend.download(out, prediction);
    const std::vector<double>& expected = ref.layers.at(graph.node_name(out)).values;
    for (int64_t p = 0; p < batch; ++p) {
      const auto offset = static_cast<size_t>(p * classes);
      EXPECT_EQ(testing::argmax(std::span(prediction).subspan(offset, static_cast<size_t>(classes))),
                testing::argmax(std::span(expected).subspan(offset, static_cast<size_t>(classes))))
          << graph.node_name(out) << " pattern " << p;
    }
  }
}

// One row per entry of Keras' model.layers: a shared layer once, a nested model as one row.
TEST_P(KerasConformance, ShapesAndParamsMatchKerasSummary) {
  const Case& c = GetParam();
  const Reference ref = testing::load_reference(c.ref_dir, c.ref_key());
  const model::Graph graph = load(c);
  const auto& layers = ref.summary.at("layers");
  const std::vector<model::ModelLayer>& entries = graph.model_layers();
  ASSERT_EQ(entries.size(), layers.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& expected = layers[i];
    const model::ModelLayer& entry = entries[i];
    EXPECT_EQ(entry.name, expected.at("name").get<std::string>());
    EXPECT_EQ(entry.keras_class, expected.at("class_name").get<std::string>());
    Shape shape;
    for (size_t d = 1; d < expected.at("output_shape").size(); ++d) shape.push_back(expected["output_shape"][d].get<int64_t>());
    EXPECT_EQ(model::summary_output_shape(graph, entry), shape_with_batch(shape)) << entry.name;
    EXPECT_EQ(graph.params(entry).trainable, expected.at("trainable_params").get<int64_t>()) << entry.name;
    EXPECT_EQ(graph.params(entry).non_trainable, expected.at("non_trainable_params").get<int64_t>()) << entry.name;
    EXPECT_EQ(model::listed_in_summary(graph, entry), expected.at("in_keras_summary").get<bool>()) << entry.name;
    if (expected.contains("nodes")) {  // the nodes cerebro shows for it (Keras 3 fixtures record them)
      std::vector<std::string> names;
      for (int node : entry.nodes) names.push_back(graph.node_name(node));
      std::vector<std::string> wanted = expected["nodes"].get<std::vector<std::string>>();
      std::sort(names.begin(), names.end());
      std::sort(wanted.begin(), wanted.end());
      EXPECT_EQ(names, wanted) << entry.name;
    }
  }
  EXPECT_EQ(graph.total_params().total(), ref.summary.at("total_params").get<int64_t>());
  EXPECT_EQ(graph.total_params().trainable, ref.summary.at("trainable_params").get<int64_t>());
  EXPECT_EQ(graph.total_params().non_trainable, ref.summary.at("non_trainable_params").get<int64_t>());
}

INSTANTIATE_TEST_SUITE_P(OurFixtures, KerasConformance,
                         ::testing::Values(ours("article_tfkeras.h5"), ours("article_seq_tfkeras.h5"),
                                           ours("activations_tfkeras.h5"), ours("conv_tfkeras.h5"),
                                           ours("spatial_tfkeras.h5"), ours("conv1d_tfkeras.h5"),
                                           ours("merges_tfkeras.h5"), ours("activations2_tfkeras.h5"),
                                           ours("shapes_tfkeras.h5")),
                         case_name);

// The shared real-world files this slice supports; CI has ../shared beside the checkout.
INSTANTIATE_TEST_SUITE_P(SharedFixtures, KerasConformance,
                         ::testing::Values(shared("k2.0.4_simple_EN10.h5"), shared("k2.0.4_dense_EN10.h5"),
                                           shared("k2.0.4_TFKeras_EN10.h5"), shared("k2.1.6_seq_cnn_HsinM_model.h5"),
                                           shared("k2.3.1_functional_bn_conv2d_hls4ml.h5"),
                                           shared("k2.3.1_functional_dense_bn_hls4ml.h5")),
                         case_name);

// Keras 3 (.keras, Keras 3 legacy .h5), nested, shared and multi-input models, and weights-only files
// applied to an architecture file (tools/make_fixtures_keras3.py).
INSTANTIATE_TEST_SUITE_P(Keras3Fixtures, KerasConformance,
                         ::testing::Values(ours("custom_names_keras3.keras"), ours("nested_keras3.keras"),
                                           ours("nested_keras3.h5"), ours("nested_tfkeras.h5"),
                                           ours("shared_keras3.keras"), ours("shared_tfkeras.h5"),
                                           ours("merge_keras3.keras"), ours("chunked_names_keras3.h5"),
                                           ours_pair("wo_arch_keras3.keras", "wo_keras3.weights.h5"),
                                           ours_pair("wo_arch_tfkeras.json", "wo_tfkeras_weights.h5")),
                         case_name);

// The shared real files written by Keras 3, and the real weights-only pair.
INSTANTIATE_TEST_SUITE_P(SharedKeras3AndWeights, KerasConformance,
                         ::testing::Values(shared("k3.5.0_legacy_h5_cnn_Kimthangg.h5"),
                                           shared("k3.15.1_cnn_AKSHATV25.keras"),
                                           shared_pair("k2.1.6_seq_cnn_HsinM_model.h5", "k2.1.6_weights_only_HsinM.h5")),
                         case_name);

}  // namespace
}  // namespace cerebro
