// Real Keras files, loaded and run on the CPU backend, against outputs Keras (our fixtures) or an
// independent float64 NumPy implementation (the shared fixtures) computed for the same input.
#include <gtest/gtest.h>

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
  std::string name;           // for the test's name
  std::filesystem::path model;
  std::filesystem::path ref_dir;
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.name; }

Case ours(const std::string& file) {
  return {file, testing::fixture(file), testing::fixture("ref")};
}
Case shared(const std::string& file) {
  return {file, testing::shared_fixture("keras/" + file), testing::shared_fixture("keras/ref")};
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

class KerasConformance : public ::testing::TestWithParam<Case> {};

// The reference input may lack the batch axis (shared fixtures hold one pattern).
int64_t batch_of(const io::NpyArray& input, const Shape& input_shape) {
  return input.shape.size() == input_shape.size() ? 1 : input.shape.front();
}

TEST_P(KerasConformance, EveryLayerMatchesTheReference) {
  const Case& c = GetParam();
  ASSERT_TRUE(std::filesystem::exists(c.model)) << c.model << " is missing";
  const Reference ref = testing::load_reference(c.ref_dir, c.model.filename().string());
  const model::Graph graph = io::load_model(c.model.string());

  ASSERT_EQ(graph.input_layers().size(), 1u);
  const Shape& input_shape = graph.output_shape(graph.input_layers()[0]);
  const int64_t batch = batch_of(ref.input, input_shape);
  ASSERT_EQ(static_cast<int64_t>(ref.input.values.size()), batch * element_count(input_shape));

  compute::CpuBackend backend;
  backend.plan(graph, batch);
  const std::vector<float> input = testing::to_floats(ref.input.values);
  const float* pointer = input.data();
  backend.run(std::span(&pointer, 1), batch);

  int compared = 0;
  for (int i = 0; i < graph.size(); ++i) {
    const std::string& name = graph.layer(i).name();
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

  // The prediction: same class for every pattern.
  const int out = graph.output_layers().at(0);
  const int64_t classes = element_count(graph.output_shape(out));
  std::vector<float> prediction(static_cast<size_t>(batch * classes));
  backend.download(out, prediction);
  const std::vector<double>& expected = ref.layers.at(graph.layer(out).name()).values;
  for (int64_t p = 0; p < batch; ++p) {
    const auto offset = static_cast<size_t>(p * classes);
    EXPECT_EQ(testing::argmax(std::span(prediction).subspan(offset, static_cast<size_t>(classes))),
              testing::argmax(std::span(expected).subspan(offset, static_cast<size_t>(classes))))
        << "pattern " << p;
  }
}

TEST_P(KerasConformance, ShapesAndParamsMatchKerasSummary) {
  const Case& c = GetParam();
  const Reference ref = testing::load_reference(c.ref_dir, c.model.filename().string());
  const model::Graph graph = io::load_model(c.model.string());
  const auto& layers = ref.summary.at("layers");
  ASSERT_EQ(static_cast<size_t>(graph.size()), layers.size());
  for (int i = 0; i < graph.size(); ++i) {
    const auto& expected = layers[static_cast<size_t>(i)];
    EXPECT_EQ(graph.layer(i).name(), expected.at("name").get<std::string>());
    EXPECT_EQ(graph.layer(i).keras_class(), expected.at("class_name").get<std::string>());
    Shape shape;
    for (size_t d = 1; d < expected.at("output_shape").size(); ++d) shape.push_back(expected["output_shape"][d].get<int64_t>());
    EXPECT_EQ(graph.output_shape(i), shape) << graph.layer(i).name();
    EXPECT_EQ(graph.params(i).trainable, expected.at("trainable_params").get<int64_t>()) << graph.layer(i).name();
    EXPECT_EQ(graph.params(i).non_trainable, expected.at("non_trainable_params").get<int64_t>()) << graph.layer(i).name();
    EXPECT_EQ(model::listed_in_summary(graph, i), expected.at("in_keras_summary").get<bool>()) << graph.layer(i).name();
  }
  EXPECT_EQ(graph.total_params().total(), ref.summary.at("total_params").get<int64_t>());
}

INSTANTIATE_TEST_SUITE_P(OurFixtures, KerasConformance,
                         ::testing::Values(ours("article_tfkeras.h5"), ours("article_seq_tfkeras.h5"),
                                           ours("activations_tfkeras.h5")),
                         case_name);

// The shared real-world files this slice supports; CI has ../shared beside the checkout.
INSTANTIATE_TEST_SUITE_P(SharedFixtures, KerasConformance,
                         ::testing::Values(shared("k2.0.4_simple_EN10.h5"), shared("k2.0.4_dense_EN10.h5"),
                                           shared("k2.0.4_TFKeras_EN10.h5")),
                         case_name);

}  // namespace
}  // namespace cerebro
