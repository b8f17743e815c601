// CudaBackend::publish_cells: a page of cells published in one go (one map call for its GL
// textures, one wait, one unmap call), against the CPU backend publishing the same cells one by
// one: the texels GL reads back, the statistics and the percentiles, with NaN/Inf and ties in the
// values, and a host-fallback target and a plain CUDA-array target in the same page. Then the
// device percentiles against compute::value_stats on random values, and an error mid-page that
// must leave no texture mapped. Label gpu: without a GPU every test FAILS.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda_test_targets.hpp"
#include "compute/cuda_test_util.hpp"
#include "compute/publish.hpp"
#include "compute/publish_page_cases.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "gpu/gpu_test_util.hpp"
#include "model/layers/input_layer.hpp"
#include "render/cuda_texture_target.hpp"
#include "render/egl_context.hpp"
#include "render/value_target.hpp"

namespace cerebro {
namespace {

using compute::cuda::CudaBackend;
using testing::cell_texels;
using testing::nine_cells;
using testing::tricky_inputs;
using testing::TwoLayers;

std::vector<float> texels_of(RenderTarget& target) {
  if (auto* interop = dynamic_cast<render::CudaTextureTarget*>(&target)) {
    std::vector<float> texels(static_cast<size_t>(target.rows() * target.cols()));
    interop->texture().read(texels.data());
    return texels;
  }
  if (auto* array = dynamic_cast<testing::CudaArrayTarget*>(&target)) return array->read_back();
  return dynamic_cast<render::HostTarget&>(target).values();
}

const ValueStats& stats_of(const RenderTarget& target) {
  if (const auto* array = dynamic_cast<const testing::CudaArrayTarget*>(&target)) return array->stats();
  return dynamic_cast<const render::HostTarget&>(target).stats();
}

class CudaPublishCells : public ::testing::Test {
 protected:
  void SetUp() override {
    CEREBRO_REQUIRE_GPU();
    cuda_ = std::make_unique<CudaBackend>();
    context_ = std::make_unique<render::EglContext>(cuda_->cuda_device());
    ASSERT_EQ(render::cuda_interop_refusal(), "") << "the EGL context must run on the NVIDIA GPU";
    inputs_ = tricky_inputs(2);
    const float* pointer = inputs_.data();
    for (compute::Backend* backend :
         {static_cast<compute::Backend*>(cuda_.get()), static_cast<compute::Backend*>(&cpu_)}) {
      backend->plan(m_.graph, 2);
      backend->run(std::span(&pointer, 1), 2);
    }
  }
  void TearDown() override {
    targets_.clear();  // GL objects go before their context
    context_.reset();
  }

  // Seven interop textures, then a host target (the fallback) and a CUDA array (its own surface).
  std::vector<RenderTarget*> make_targets(const std::vector<PublishView>& views) {
    std::vector<RenderTarget*> pointers;
    for (size_t c = 0; c < views.size(); ++c) {
      const PublishView& v = views[c];
      if (c < 7) {
        auto target = std::make_unique<render::CudaTextureTarget>(v.rows, v.cols);
        EXPECT_TRUE(target->registered());
        target->want_percentiles(std::pair{c == 3 ? 0.0 : 2.0, c == 3 ? 100.0 : 98.0});
        targets_.push_back(std::move(target));
      } else if (c == 7) {
        auto target = std::make_unique<render::HostTarget>(v.rows, v.cols);
        target->want_percentiles(std::pair{25.0, 75.0});
        targets_.push_back(std::move(target));
      } else {
        auto target = std::make_unique<testing::CudaArrayTarget>(v.rows, v.cols);
        target->want_percentiles(std::pair{10.0, 90.0});
        targets_.push_back(std::move(target));
      }
      pointers.push_back(targets_.back().get());
    }
    return pointers;
  }

  // The cell as the CUDA backend's own download of its layer holds it: pattern v.pattern of the
  // batch (the page's cells are all of pattern 1).
  std::vector<float> own_texels(const PublishView& v) const {
    const std::vector<float> all = testing::downloaded(*cuda_, m_.graph, v.layer, 2);
    const int64_t size = element_count(m_.graph.output_shape(v.layer));
    return cell_texels({all.begin() + v.pattern * size, all.begin() + (v.pattern + 1) * size}, v);
  }

  TwoLayers m_;
  std::vector<float> inputs_;
  std::unique_ptr<CudaBackend> cuda_;
  compute::CpuBackend cpu_;
  std::unique_ptr<render::EglContext> context_;
  std::vector<std::unique_ptr<RenderTarget>> targets_;
};

TEST_F(CudaPublishCells, APageMatchesTheCpuBackendWithOneMapOneWaitOneUnmap) {
  const std::vector<PublishView> views = nine_cells(m_);
  const std::vector<RenderTarget*> targets = make_targets(views);
  const int warnings = warning_count();
  for (int frame = 0; frame < 2; ++frame) {  // the second frame reuses the grown scratch
    SCOPED_TRACE("frame " + std::to_string(frame));
    const CudaBackend::PublishCounts before = cuda_->publish_counts();
    cuda_->publish_cells(views, targets);
    const CudaBackend::PublishCounts after = cuda_->publish_counts();
    EXPECT_EQ(after.map_calls - before.map_calls, 2) << "one call for the textures, one for the CUDA array";
    EXPECT_EQ(after.unmap_calls - before.unmap_calls, 2);
    EXPECT_EQ(after.stream_waits - before.stream_waits, 1);
    for (size_t c = 0; c < views.size(); ++c) {
      SCOPED_TRACE("cell " + std::to_string(c));
      if (auto* interop = dynamic_cast<render::CudaTextureTarget*>(targets[c])) {
        EXPECT_FALSE(interop->mapped());
      }
      render::HostTarget expected(views[c].rows, views[c].cols);
      expected.want_percentiles(targets[c]->wanted_percentiles());
      cpu_.publish(views[c], expected);
      const std::vector<float> texels = texels_of(*targets[c]);
      const std::vector<float> own = own_texels(views[c]);
      ASSERT_EQ(texels.size(), own.size());
      EXPECT_EQ(std::memcmp(texels.data(), own.data(), texels.size() * sizeof(float)), 0) << "the layer's own bits";
      EXPECT_TRUE(testing::outputs_agree(texels, expected.values()));
      const ValueStats& got = stats_of(*targets[c]);
      // Exactly the host's statistics of these very values (ties, NaN, Inf, percentiles included).
      testing::expect_same_stats(got, compute::value_stats(std::span(own).first(static_cast<size_t>(views[c].count)),
                                                           targets[c]->wanted_percentiles()));
      // The input layer is the same on both backends: the CPU's statistics exactly.
      if (views[c].layer == m_.input) testing::expect_same_stats(got, expected.stats());
      EXPECT_EQ(got.percentiles.has_value(), views[c].count > 0 && got.finite > 0);
    }
  }
  EXPECT_EQ(warning_count(), warnings) << "nothing fell back to host memory but the host target";
  EXPECT_TRUE(cuda_->damaged_guards().empty());
}

// A target whose own mapping fails after the page's textures were mapped as a group.
class FailingTarget final : public render::HostTarget {
 public:
  FailingTarget(int64_t rows, int64_t cols) : HostTarget(rows, cols) {}
  std::optional<uint64_t> map_device_surface(void*) override { throw_internal("test target", "refused to map"); }
};

TEST_F(CudaPublishCells, AnErrorMidPageLeavesNoTextureMapped) {
  std::vector<PublishView> views = nine_cells(m_);
  std::vector<RenderTarget*> targets = make_targets(views);
  // Cell 7's size: a target that did not fit its view would be refused before anything is mapped.
  FailingTarget failing(views[7].rows, views[7].cols);
  std::vector<RenderTarget*> with_failure = targets;
  with_failure[7] = &failing;
  try {
    cuda_->publish_cells(views, with_failure);
    FAIL() << "the failing target's error must come through";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("refused to map"), std::string::npos) << error.what();
    EXPECT_EQ(error.context(), "in-code.h5");
  }
  // Still mapped, the textures would refuse a second mapping (cudaErrorAlreadyMapped).
  cuda_->publish_cells(views, targets);
  for (size_t c = 0; c < 7; ++c) {
    const std::vector<float> own = own_texels(views[c]);
    const std::vector<float> texels = texels_of(*targets[c]);
    EXPECT_EQ(std::memcmp(texels.data(), own.data(), texels.size() * sizeof(float)), 0) << "cell " << c;
  }
  // A view that does not fit its target is refused, naming its layer, before anything is mapped.
  std::vector<PublishView> wrong = views;
  wrong[4].rows -= 1;
  const CudaBackend::PublishCounts before = cuda_->publish_counts();
  try {
    cuda_->publish_cells(wrong, targets);
    FAIL() << "a view that does not fit its target must be refused";
  } catch (const Error& error) {
    EXPECT_NE(error.context().find("layer 'scaled'"), std::string::npos) << error.context();
  }
  EXPECT_EQ(cuda_->publish_counts().map_calls, before.map_calls);
}

// Values for the percentile test: pattern 0 uniform with 1% NaN and 1% +-Inf, pattern 1 the same
// rounded to 1/8 (ties) with its first row all NaN, pattern 2 one value repeated but for a few.
std::vector<float> percentile_inputs(int64_t side) {
  std::mt19937 random(31u);
  std::uniform_real_distribution<float> uniform(-5.0f, 5.0f);
  std::uniform_int_distribution<int> percent(0, 99);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const auto size = static_cast<size_t>(side * side);
  std::vector<float> values(3 * size);
  for (size_t i = 0; i < 2 * size; ++i) {
    const int roll = percent(random);
    values[i] = roll == 0 ? nan : roll == 1 ? (i % 2 ? inf : -inf) : uniform(random);
    if (i >= size) values[i] = std::round(values[i] * 8.0f) / 8.0f;
  }
  for (size_t i = size; i < size + static_cast<size_t>(side); ++i) values[i] = nan;
  for (size_t i = 2 * size; i < 3 * size; ++i) values[i] = i % 97 == 0 ? -inf : 1.5f;
  values[2 * size + 5] = -0.0f;
  return values;
}

// Publishes `views` as one page into CUDA arrays and host targets (alternately), each wanting
// `pairs[k % pairs.size()]`, and checks every cell against compute::value_stats of the values.
void expect_host_percentiles(const CudaBackend& cuda, const model::Graph& graph, const std::vector<PublishView>& views,
                             const std::vector<std::pair<double, double>>& pairs) {
  std::vector<std::unique_ptr<RenderTarget>> owned;
  std::vector<RenderTarget*> targets;
  for (size_t k = 0; k < views.size(); ++k) {
    const std::pair<double, double> wanted = pairs[k % pairs.size()];
    if (k % 2 == 0) {
      auto target = std::make_unique<testing::CudaArrayTarget>(views[k].rows, views[k].cols);
      target->want_percentiles(wanted);
      owned.push_back(std::move(target));
    } else {
      auto target = std::make_unique<render::HostTarget>(views[k].rows, views[k].cols);
      target->want_percentiles(wanted);
      owned.push_back(std::move(target));
    }
    targets.push_back(owned.back().get());
  }
  const CudaBackend::PublishCounts before = cuda.publish_counts();
  cuda.publish_cells(views, targets);
  EXPECT_EQ(cuda.publish_counts().stream_waits - before.stream_waits, 1);
  const std::vector<float> all = testing::downloaded(cuda, graph, views[0].layer, 3);
  const int64_t size = element_count(graph.output_shape(views[0].layer));
  for (size_t k = 0; k < views.size(); ++k) {
    SCOPED_TRACE("cell " + std::to_string(k) + " of " + std::to_string(views.size()));
    const std::vector<float> pattern(all.begin() + views[k].pattern * size,
                                     all.begin() + (views[k].pattern + 1) * size);
    const std::vector<float> texels = cell_texels(pattern, views[k]);
    testing::expect_same_stats(
        stats_of(*targets[k]),
        compute::value_stats(std::span(texels).first(static_cast<size_t>(views[k].count)), pairs[k % pairs.size()]));
  }
}

TEST(CudaPercentiles, MatchTheHostOnRandomValuesWithNanInfAndTies) {
  CEREBRO_REQUIRE_GPU();
  constexpr int64_t kSide = 256;
  model::Graph graph;
  graph.set_source_file("in-code.h5");
  const int input = graph.add(std::make_shared<model::InputLayer>("input", Shape{kSide, kSide}), {});
  graph.set_outputs({input});
  CudaBackend cuda;
  cuda.plan(graph, 3);
  const std::vector<float> values = percentile_inputs(kSide);
  const float* pointer = values.data();
  cuda.run(std::span(&pointer, 1), 3);
  const std::vector<std::pair<double, double>> pairs{
      {2.0, 98.0}, {0.0, 100.0}, {50.0, 50.0}, {33.3, 66.7}, {0.1, 99.9}};

  // Large cells (CUB's multi-pass sort): whole patterns, a strided quarter, a single value, the
  // all-NaN first row of pattern 1 (no percentiles), and a padded strip.
  std::vector<PublishView> large;
  for (int64_t p = 0; p < 3; ++p) large.push_back({input, p, 0, kSide, kSide, kSide, 1, kSide * kSide});
  large.push_back({input, 0, 1, kSide / 2, kSide / 2, 2 * kSide, 2, kSide * kSide / 4});
  large.push_back({input, 2, 7, 1, 1, 1, 1, 1});
  large.push_back({input, 1, 0, 1, kSide, kSide, 1, kSide});
  large.push_back({input, 1, 100, 40, 100, 100, 1, 3950});
  expect_host_percentiles(cuda, graph, large, pairs);

  // A small page (CUB's single-tile sort).
  const std::vector<PublishView> small{
      {input, 0, 3, 2, 5, 5, 1, 9}, {input, 2, 0, 3, 3, kSide, 1, 9}, {input, 1, 513, 1, 7, 7, 1, 7}};
  expect_host_percentiles(cuda, graph, small, pairs);

  // Every row of every pattern: 768 cells, so the cell index takes 10 bits of the sort key.
  std::vector<PublishView> rows;
  for (int64_t p = 0; p < 3; ++p) {
    for (int64_t r = 0; r < kSide; ++r) rows.push_back({input, p, r * kSide, 1, kSide, kSide, 1, kSide});
  }
  expect_host_percentiles(cuda, graph, rows, pairs);
}

}  // namespace
}  // namespace cerebro
