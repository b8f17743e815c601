// The CUDA backend against the CPU backend (the reference), on every fixture model under
// tests/fixtures (globbed when the tests are listed, so new fixtures join by themselves) and on
// fresh random inputs: each whole model, and each layer alone in a graph of its own (so a layer
// the CUDA backend runs is checked even inside a model it cannot run). NaN/Inf positions must
// match, values agree within 1e-5 of the layer's largest |value|, and the guard values around
// every output buffer must be intact. Label gpu: without a GPU every test FAILS.
#include "compute/cuda/cuda_backend.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <tuple>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/cuda_test_util.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "gpu/gpu_test_util.hpp"
#include "io/model_loader.hpp"
#include "model/layers/input_layer.hpp"
#include "model/layers/layer_normalization.hpp"
#include "model/layers/permute.hpp"
#include "model/layers/softmax.hpp"
#include "support/reference.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

using compute::CpuBackend;
using compute::cuda::CudaBackend;

// Every model file directly under tests/fixtures, weights-only files (named *weights.h5, they
// need an architecture) aside.
std::vector<std::string> fixture_models() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(testing::fixture(""))) {
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".h5" && ext != ".keras")) continue;
    if (entry.path().stem().string().ends_with("weights")) continue;
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// (model file, small Dense layers fused into one kernel or run through cuBLAS)
using FixtureCase = std::tuple<std::string, bool>;

std::string test_name(const ::testing::TestParamInfo<FixtureCase>& info) {
  std::string name = std::get<0>(info.param) + (std::get<1>(info.param) ? "_fused" : "_cublas");
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

// The first layer the CUDA backend cannot run, or -1.
int first_unsupported(const compute::Backend& backend, const model::Graph& graph) {
  for (int i = 0; i < graph.size(); ++i) {
    if (!backend.supports(graph.layer(i))) return i;
  }
  return -1;
}

class FixtureModel : public ::testing::TestWithParam<FixtureCase> {
 protected:
  void SetUp() override {
    CEREBRO_REQUIRE_GPU();
    graph_ = io::load_model(testing::fixture(file()).string());
    cuda_ = std::make_unique<CudaBackend>();
    cuda_->set_small_dense_fusion(std::get<1>(GetParam()));
  }

  const std::string& file() const { return std::get<0>(GetParam()); }

  model::Graph graph_;
  CpuBackend cpu_;
  std::unique_ptr<CudaBackend> cuda_;
};

TEST_P(FixtureModel, WholeModelMatchesTheCpuLayerByLayer) {
  const int unsupported = first_unsupported(*cuda_, graph_);
  if (unsupported >= 0) {
    // Not compared as a whole (each layer it can run is, below); the refusal must name the layer.
    try {
      compute::check_supported(*cuda_, graph_);
      ADD_FAILURE() << "check_supported accepted a model with an unsupported layer";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("layer '" + graph_.node_name(unsupported) + "'"), std::string::npos)
          << error.what();
    }
    std::printf("whole model not run on CUDA: layer '%s' (%s) is CPU-only\n", graph_.node_name(unsupported).c_str(),
                graph_.layer(unsupported).keras_class().c_str());
    return;
  }
  constexpr int64_t kMaxBatch = 4;
  cpu_.plan(graph_, kMaxBatch);
  cuda_->plan(graph_, kMaxBatch);
  // Full, short, full again: both input slots, two batch sizes, a graph captured then replayed.
  const int64_t batches[] = {kMaxBatch, 3, kMaxBatch, 1};
  for (size_t k = 0; k < std::size(batches); ++k) {
    SCOPED_TRACE("run " + std::to_string(k) + ", batch " + std::to_string(batches[k]));
    const testing::InputBatch inputs = testing::random_inputs(graph_, batches[k], 1000u + static_cast<uint32_t>(k));
    cpu_.run(inputs.pointers, batches[k]);
    cuda_->run(inputs.pointers, batches[k]);
    testing::expect_every_node_agrees(graph_, *cuda_, cpu_, batches[k]);
  }
  const std::vector<std::string> damaged = cuda_->damaged_guards();
  EXPECT_TRUE(damaged.empty()) << "a kernel wrote outside the output of " << damaged.front();
}

// Keeps the layer alive only as long as the loaded graph does (an aliasing pointer, no owner).
std::shared_ptr<model::Layer> borrowed(const model::Layer& layer) {
  return std::shared_ptr<model::Layer>(std::shared_ptr<model::Layer>(), const_cast<model::Layer*>(&layer));
}

TEST_P(FixtureModel, EveryLayerAloneMatchesTheCpu) {
  int compared = 0;
  for (int i = 0; i < graph_.size(); ++i) {
    const std::vector<int>& inputs = graph_.inputs_of(i);
    if (inputs.empty() || !cuda_->supports(graph_.layer(i))) continue;
    SCOPED_TRACE("layer '" + graph_.node_name(i) + "' (" + graph_.layer(i).keras_class() + ")");
    model::Graph single;
    single.set_source_file(file());
    std::vector<int> feeds;
    for (size_t k = 0; k < inputs.size(); ++k) {
      feeds.push_back(single.add(
          std::make_shared<model::InputLayer>("input_" + std::to_string(k), graph_.output_shape(inputs[k])), {}));
    }
    single.add(borrowed(graph_.layer(i)), feeds, graph_.node_name(i));
    single.set_outputs({});
    constexpr int64_t kBatch = 3;
    cpu_.plan(single, kBatch);
    cuda_->plan(single, kBatch);
    const testing::InputBatch batch = testing::random_inputs(single, kBatch, 7u * static_cast<uint32_t>(i) + 1u);
    cpu_.run(batch.pointers, kBatch);
    cuda_->run(batch.pointers, kBatch);
    const int out = single.size() - 1;
    EXPECT_TRUE(testing::outputs_agree(testing::downloaded(*cuda_, single, out, kBatch),
                                       testing::downloaded(cpu_, single, out, kBatch)));
    EXPECT_TRUE(cuda_->damaged_guards().empty());
    ++compared;
  }
  std::printf("%d layers compared alone\n", compared);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureModel,
                         ::testing::Combine(::testing::ValuesIn(fixture_models()), ::testing::Bool()), test_name);

TEST(CudaBackend, GraphsAndDirectLaunchesAgreeBitForBit) {
  CEREBRO_REQUIRE_GPU();
  const model::Graph graph = io::load_model(testing::fixture("conv_tfkeras.h5").string());
  CudaBackend graphs;
  CudaBackend direct;
  direct.set_graphs_enabled(false);
  graphs.plan(graph, 5);
  direct.plan(graph, 5);
  for (int64_t batch : {5, 2, 5}) {
    const testing::InputBatch inputs = testing::random_inputs(graph, batch, static_cast<uint32_t>(batch));
    graphs.run(inputs.pointers, batch);
    direct.run(inputs.pointers, batch);
    for (int i = 0; i < graph.size(); ++i) {
      const std::vector<float> a = testing::downloaded(graphs, graph, i, batch);
      const std::vector<float> b = testing::downloaded(direct, graph, i, batch);
      EXPECT_TRUE(
          std::equal(a.begin(), a.end(), b.begin(), [](float x, float y) { return std::memcmp(&x, &y, 4) == 0; }))
          << graph.node_name(i) << ", batch " << batch;
    }
  }
}

TEST(CudaBackend, ComputesTheArticleModelAsKerasDid) {
  CEREBRO_REQUIRE_GPU();
  // An independent reference too: Keras' own outputs for the fixture's stored input.
  const model::Graph graph = io::load_model(testing::fixture("article_tfkeras.h5").string());
  const testing::Reference keras = testing::load_reference(testing::fixture("ref"), "article_tfkeras.h5");
  const int64_t batch = keras.input.shape.front();
  CudaBackend cuda;
  cuda.plan(graph, batch);
  const std::vector<float> values = testing::to_floats(keras.input.values);
  const float* pointer = values.data();
  cuda.run(std::span(&pointer, 1), batch);
  for (int i = 0; i < graph.size(); ++i) {
    const auto found = keras.layers.find(graph.node_name(i));
    ASSERT_NE(found, keras.layers.end()) << graph.node_name(i);
    // Keras ran float32 on its own CPU kernels: the same bound the conformance tests use.
    EXPECT_TRUE(
        testing::outputs_agree(testing::downloaded(cuda, graph, i, batch), testing::to_floats(found->second.values)))
        << graph.node_name(i);
  }
}

// Softmax, LayerNormalization and Permute on every axis layout a (4, 5, 6) pattern allows, each fed
// by the input, with random gamma/beta: beyond what the fixtures hold (shapes_tfkeras.h5 and
// activations2_tfkeras.h5 have a few of each).
model::Graph grouped_layers_graph() {
  model::Graph graph;
  graph.set_source_file("in-code.h5");
  const Shape shape{4, 5, 6};
  const int input = graph.add(std::make_shared<model::InputLayer>("input", shape), {});
  int n = 0;
  auto name = [&n](const char* kind) { return std::string(kind) + "_" + std::to_string(n++); };
  for (const std::vector<int64_t>& axes : std::vector<std::vector<int64_t>>{{-1}, {1}, {2}, {1, 2}, {2, 3}, {1, 2, 3}}) {
    graph.add(std::make_shared<model::Softmax>(name("softmax"), axes), {input});
  }
  std::mt19937 random(99);
  std::uniform_real_distribution<float> uniform(-2.0f, 2.0f);
  for (const std::vector<int64_t>& axes : std::vector<std::vector<int64_t>>{{-1}, {1}, {2}, {3, 1}, {1, 2, 3}}) {
    for (const auto& [center, scale] : {std::pair{true, true}, {false, true}, {true, false}, {false, false}}) {
      auto layer = std::make_shared<model::LayerNormalization>(name("norm"), axes, 1e-3, center, scale);
      std::vector<model::Weight> weights;
      for (const Shape& w : layer->expected_weight_shapes(std::span(&shape, 1))) {
        std::vector<float> values(static_cast<size_t>(element_count(w)));
        for (float& v : values) v = uniform(random);
        weights.push_back({"w", w, std::move(values)});
      }
      graph.set_weights(graph.add(layer, {input}), std::move(weights), "in-code.h5");
    }
  }
  for (const std::vector<int64_t>& dims :
       std::vector<std::vector<int64_t>>{{1, 3, 2}, {2, 1, 3}, {2, 3, 1}, {3, 1, 2}, {3, 2, 1}}) {
    const int permuted = graph.add(std::make_shared<model::Permute>(name("permute"), dims), {input});
    // A layer after it reads the permuted layout: a wrong stride cannot hide behind a symmetric one.
    graph.add(std::make_shared<model::Softmax>(name("softmax"), std::vector<int64_t>{2}), {permuted});
  }
  graph.set_outputs({});
  return graph;
}

TEST(CudaBackend, SoftmaxLayerNormalizationAndPermuteMatchTheCpuOnEveryAxisLayout) {
  // The graph and the CPU plan first: a mistake in them shows even where no GPU is.
  const model::Graph graph = grouped_layers_graph();
  CpuBackend cpu;
  constexpr int64_t kMaxBatch = 3;
  cpu.plan(graph, kMaxBatch);
  CEREBRO_REQUIRE_GPU();
  CudaBackend cuda;
  compute::check_supported(cuda, graph);
  cuda.plan(graph, kMaxBatch);
  for (const int64_t batch : {kMaxBatch, int64_t{1}, kMaxBatch}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    const testing::InputBatch inputs = testing::random_inputs(graph, batch, 500u + static_cast<uint32_t>(batch));
    cpu.run(inputs.pointers, batch);
    cuda.run(inputs.pointers, batch);
    testing::expect_every_node_agrees(graph, cuda, cpu, batch);
  }
  const std::vector<std::string> damaged = cuda.damaged_guards();
  EXPECT_TRUE(damaged.empty()) << "a kernel wrote outside the output of " << damaged.front();
}

// A plan that fails half way (buffers allocated, an op refused) leaves the backend unplanned:
// run() refuses instead of indexing ops that were never built, and the next plan works.
TEST(CudaBackend, AFailedPlanLeavesNothingARunCouldReach) {
  CEREBRO_REQUIRE_GPU();
  model::Graph good;
  good.set_source_file("in-code.h5");
  const int input = good.add(std::make_shared<model::InputLayer>("input", Shape{4, 5, 6}), {});
  good.add(std::make_shared<model::Permute>("permute", std::vector<int64_t>{3, 1, 2}), {input});
  good.set_outputs({});
  // Nine axes: the CUDA Permute kernel takes at most eight, which only the op's constructor knows.
  model::Graph bad;
  bad.set_source_file("in-code.h5");
  const int wide = bad.add(std::make_shared<model::InputLayer>("input", Shape{2, 1, 2, 1, 2, 1, 2, 1, 2}), {});
  bad.add(std::make_shared<model::Permute>("permute9", std::vector<int64_t>{9, 8, 7, 6, 5, 4, 3, 2, 1}), {wide});
  bad.set_outputs({});

  CudaBackend cuda;
  cuda.plan(good, 2);
  const testing::InputBatch first = testing::random_inputs(good, 2, 5u);
  cuda.run(first.pointers, 2);
  try {
    cuda.plan(bad, 2);
    ADD_FAILURE() << "plan() accepted a Permute of nine axes";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Unsupported);
    EXPECT_NE(std::string(error.what()).find("permute9"), std::string::npos) << error.what();
  }
  const testing::InputBatch wide_inputs = testing::random_inputs(bad, 2, 6u);
  EXPECT_THROW(cuda.run(wide_inputs.pointers, 2), Error);
  std::vector<float> sink(64);
  EXPECT_THROW(cuda.download(1, sink), Error);
  EXPECT_THROW(cuda.output_stats(0), Error);

  CpuBackend cpu;
  cpu.plan(good, 2);
  cuda.plan(good, 2);
  const testing::InputBatch again = testing::random_inputs(good, 2, 7u);
  cpu.run(again.pointers, 2);
  cuda.run(again.pointers, 2);
  testing::expect_every_node_agrees(good, cuda, cpu, 2);
}

// A layer kind no backend but the CPU knows.
class CpuOnlyLayer final : public model::Layer {
 public:
  CpuOnlyLayer() : Layer("mystery", "MysteryLayer") {}
  Shape infer_shape(std::span<const Shape> inputs) const override { return inputs[0]; }
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override {
    std::copy_n(inputs[0].data, inputs[0].batch * inputs[0].pattern_size(), out.data);
  }
};

TEST(CudaBackend, RefusesALayerItCannotRunByNameAndAutoFallsBackToTheCpu) {
  CEREBRO_REQUIRE_GPU();
  model::Graph graph;
  graph.set_source_file("in-code.h5");
  const int input = graph.add(std::make_shared<model::InputLayer>("input", Shape{4}), {});
  graph.add(std::make_shared<CpuOnlyLayer>(), {input});
  graph.set_outputs({});
  CudaBackend cuda;
  try {
    cuda.plan(graph, 1);
    ADD_FAILURE() << "plan() accepted a layer the CUDA backend cannot run";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Unsupported);
    EXPECT_NE(std::string(error.what()).find("in-code.h5: layer 'mystery' (MysteryLayer)"), std::string::npos)
        << error.what();
  }
  const int warnings = warning_count();
  EXPECT_EQ(compute::make_backend("auto", graph)->name(), "cpu");
  EXPECT_EQ(warning_count(), warnings + 1) << "auto must say once why it runs on the CPU";
  EXPECT_EQ(compute::make_backend("auto")->name(), "cuda");
  EXPECT_THROW(compute::make_backend("cuda", graph), Error);
}

}  // namespace
}  // namespace cerebro
