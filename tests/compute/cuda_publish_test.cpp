// CudaBackend::publish: shown cells written by CUDA into a render target's surface (a plain CUDA
// array, and an R32F GL texture registered with CUDA on an EGL context of the same GPU, read back
// through GL), or through host memory when the target has no surface. Texels
// must equal the layer's own values bit for bit, in the cell's layout, and the statistics must be
// those compute/publish.cpp computes on the host. Label gpu: without a GPU every test FAILS.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda_test_targets.hpp"
#include "compute/cuda_test_util.hpp"
#include "compute/publish.hpp"
#include "core/log.hpp"
#include "gpu/gpu_test_util.hpp"
#include "io/model_loader.hpp"
#include "model/layers/input_layer.hpp"
#include "model/layers/rescaling.hpp"
#include "render/display_rule.hpp"
#include "render/egl_context.hpp"
#include "render/value_target.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

using compute::cuda::CudaBackend;

// The cell as compute/publish.cpp lays it out, from one pattern's values: rows x cols, padding 0.
std::vector<float> expected_texels(const std::vector<float>& pattern, const PublishView& v) {
  std::vector<float> texels(static_cast<size_t>(v.rows * v.cols), 0.0f);
  for (int64_t i = 0; i < v.count; ++i) {
    texels[static_cast<size_t>(i)] =
        pattern[static_cast<size_t>(v.offset + (i / v.cols) * v.row_stride + (i % v.cols) * v.col_stride)];
  }
  return texels;
}

::testing::AssertionResult same_bits(const std::vector<float>& actual, const std::vector<float>& expected) {
  if (actual.size() != expected.size()) return ::testing::AssertionFailure() << "sizes differ";
  for (size_t i = 0; i < actual.size(); ++i) {
    if (std::memcmp(&actual[i], &expected[i], sizeof(float)) != 0) {
      return ::testing::AssertionFailure() << "texel " << i << " is " << actual[i] << ", expected " << expected[i];
    }
  }
  return ::testing::AssertionSuccess();
}

class CudaPublish : public ::testing::Test {
 protected:
  void SetUp() override {
    CEREBRO_REQUIRE_GPU();
    cuda_ = std::make_unique<CudaBackend>();
  }

  // Plans and runs `graph` on `batch` random patterns; returns every cell the viewer would show
  // with --show all (one per channel of 3-D outputs, strips for 1-D ones).
  std::vector<render::CellSpec> run(const model::Graph& graph, int64_t batch) {
    cuda_->plan(graph, batch);
    inputs_ = testing::random_inputs(graph, batch, 42u);
    cuda_->run(inputs_.pointers, batch);
    render::DisplayOptions options;
    options.show = render::ShowMode::All;
    options.input = true;
    return render::shown_cells(graph, options);
  }

  std::vector<float> pattern_values(const model::Graph& graph, int layer, int64_t pattern, int64_t batch) const {
    const std::vector<float> all = testing::downloaded(*cuda_, graph, layer, batch);
    const int64_t size = element_count(graph.output_shape(layer));
    return {all.begin() + pattern * size, all.begin() + (pattern + 1) * size};
  }

  std::unique_ptr<CudaBackend> cuda_;
  testing::InputBatch inputs_;
};

TEST_F(CudaPublish, WritesEveryCellIntoADeviceSurface) {
  const model::Graph graph = io::load_model(testing::fixture("spatial_tfkeras.h5").string());
  constexpr int64_t kBatch = 2;
  const std::vector<render::CellSpec> cells = run(graph, kBatch);
  ASSERT_GT(cells.size(), 10u);
  for (const render::CellSpec& cell : cells) {
    SCOPED_TRACE(cell.title);
    PublishView view = cell.view;
    view.pattern = kBatch - 1;
    testing::CudaArrayTarget target(view.rows, view.cols);
    target.want_percentiles(std::make_pair(2.0, 98.0));
    cuda_->publish(view, target);
    EXPECT_EQ(target.maps(), 1);
    const std::vector<float> expected = expected_texels(pattern_values(graph, view.layer, view.pattern, kBatch), view);
    EXPECT_TRUE(same_bits(target.read_back(), expected));
    testing::expect_same_stats(target.stats(),
                               compute::value_stats(std::span(expected).first(static_cast<size_t>(view.count)),
                                                    std::make_pair(2.0, 98.0)));
  }
}

TEST_F(CudaPublish, GoesThroughHostMemoryWhenTheTargetHasNoSurface) {
  const model::Graph graph = io::load_model(testing::fixture("conv1d_tfkeras.h5").string());
  constexpr int64_t kBatch = 3;
  const std::vector<render::CellSpec> cells = run(graph, kBatch);
  const int warnings = warning_count();
  for (const render::CellSpec& cell : cells) {
    SCOPED_TRACE(cell.title);
    PublishView view = cell.view;
    view.pattern = 1;
    render::HostTarget target(view.rows, view.cols);
    cuda_->publish(view, target);
    const std::vector<float> expected = expected_texels(pattern_values(graph, view.layer, view.pattern, kBatch), view);
    EXPECT_TRUE(same_bits(target.values(), expected));
    testing::expect_same_stats(target.stats(),
                               compute::value_stats(std::span(expected).first(static_cast<size_t>(view.count)), std::nullopt));
  }
  // A host target is host memory by design; a texture that could not be registered says so itself
  // (render/cuda_texture_target.cpp, texture_target_fallback_test).
  EXPECT_EQ(warning_count(), warnings) << "a host target is no fallback to warn about";
}

TEST_F(CudaPublish, CountsNanAndInfinitiesAndRangesOverFiniteValuesOnly) {
  model::Graph graph;
  graph.set_source_file("in-code.h5");
  const int input = graph.add(std::make_shared<model::InputLayer>("input", Shape{10, 12}), {});
  const int scaled = graph.add(std::make_shared<model::Rescaling>("scaled", 2.0f, 0.5f), {input});
  graph.set_outputs({});
  cuda_->plan(graph, 1);
  std::vector<float> values(120);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i) * 0.25f - 7.0f;
  values[3] = std::numeric_limits<float>::quiet_NaN();
  values[50] = std::numeric_limits<float>::infinity();
  values[51] = std::numeric_limits<float>::infinity();
  values[119] = -std::numeric_limits<float>::infinity();
  values[0] = 1e30f;  // finite: must be the max (the +Infs must not)
  const float* pointer = values.data();
  cuda_->run(std::span(&pointer, 1), 1);
  for (const int layer : {input, scaled}) {
    SCOPED_TRACE(graph.node_name(layer));
    const PublishView view{layer, 0, 0, 10, 12, 12, 1, 120};
    testing::CudaArrayTarget target(10, 12);
    cuda_->publish(view, target);
    const ValueStats& stats = target.stats();
    EXPECT_EQ(stats.nan, 1);
    EXPECT_EQ(stats.pos_inf, 2);
    EXPECT_EQ(stats.neg_inf, 1);
    EXPECT_EQ(stats.finite, 116);
    EXPECT_EQ(stats.max, layer == input ? 1e30f : 2e30f + 0.5f);
    EXPECT_EQ(stats.min, layer == input ? -7.0f + 0.25f : (-7.0f + 0.25f) * 2.0f + 0.5f);
  }
}

// The interop path the viewer takes: GL texture registered once, mapped and unmapped on the
// compute stream for every frame, GL reading back what CUDA wrote with no host copy.
TEST_F(CudaPublish, WritesARegisteredGlTextureThatGlReadsBack) {
  render::EglContext context(0);
  std::printf("%s\n", context.description().c_str());
  const model::Graph graph = io::load_model(testing::fixture("article_tfkeras.h5").string());
  constexpr int64_t kBatch = 3;
  std::vector<render::CellSpec> cells = run(graph, kBatch);
  ASSERT_FALSE(cells.empty());
  const PublishView shown = cells.back().view;
  testing::GlInteropTarget target(shown.rows, shown.cols);
  for (int64_t frame = 0; frame < kBatch; ++frame) {
    SCOPED_TRACE("frame " + std::to_string(frame) + ", " + cells.back().title);
    PublishView view = shown;
    view.pattern = frame;
    cuda_->publish(view, target);
    EXPECT_FALSE(target.mapped()) << "the texture must be unmapped after every publish";
    const std::vector<float> expected = expected_texels(pattern_values(graph, view.layer, frame, kBatch), view);
    EXPECT_TRUE(same_bits(target.read_back(), expected));
    testing::expect_same_stats(target.stats(),
                               compute::value_stats(std::span(expected).first(static_cast<size_t>(view.count)), std::nullopt));
  }
}

}  // namespace
}  // namespace cerebro
