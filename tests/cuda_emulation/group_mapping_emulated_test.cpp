// Emulation only (label cuda-emulated): CudaBackend::publish_cells' group path (one map call for
// every texture of a page, the writes, one stream wait, one unmap call, then commit_device) on
// emulated graphics resources standing in for registered GL textures. On a GPU the same logic is
// covered by tests/compute/cuda_publish_cells_test.cpp's CudaPublishCells tests, which need an EGL
// context on the CUDA device and are excluded here; this keeps their checks (bits, statistics,
// map/unmap/wait counts, nothing left mapped after an error) running in CI.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda_test_targets.hpp"
#include "compute/cuda_test_util.hpp"
#include "compute/publish.hpp"
#include "core/error.hpp"
#include "emulated_graphics.hpp"
#include "model/layers/input_layer.hpp"
#include "model/layers/rescaling.hpp"
#include "render/value_target.hpp"

namespace cerebro {
namespace {

using compute::cuda::CudaBackend;

// A target whose texels live in an emulated graphics resource, as a registered GL texture's do.
class ResourceTarget final : public RenderTarget {
 public:
  ResourceTarget(int64_t rows, int64_t cols)
      : rows_(rows),
        cols_(cols),
        host_(static_cast<size_t>(rows * cols)),
        resource_(emulation::make_graphics_resource(static_cast<size_t>(cols), static_cast<size_t>(rows))) {}
  ~ResourceTarget() override { emulation::free_graphics_resource(resource_); }
  ResourceTarget(const ResourceTarget&) = delete;
  ResourceTarget& operator=(const ResourceTarget&) = delete;

  int64_t rows() const override { return rows_; }
  int64_t cols() const override { return cols_; }
  std::optional<std::pair<double, double>> wanted_percentiles() const override { return wanted_; }
  std::span<float> host_values() override { return host_; }
  void commit_host(const ValueStats&) override { ADD_FAILURE() << "a resource target went through host memory"; }
  void* graphics_resource() override { return resource_; }
  void commit_device(const ValueStats& stats) override {
    EXPECT_FALSE(mapped()) << "statistics handed over while the texture is still mapped";
    stats_ = stats;
    ++commits_;
  }

  void want_percentiles(std::pair<double, double> p) { wanted_ = p; }
  std::vector<float> texels() const { return emulation::graphics_resource_texels(resource_); }
  bool mapped() const { return emulation::graphics_resource_mapped(resource_); }
  const ValueStats& stats() const { return stats_; }
  int commits() const { return commits_; }

 private:
  int64_t rows_;
  int64_t cols_;
  std::vector<float> host_;
  cudaGraphicsResource_t resource_;
  std::optional<std::pair<double, double>> wanted_;
  ValueStats stats_;
  int commits_ = 0;
};

constexpr int64_t kRows = 12, kCols = 10, kChannels = 3;

// input (12, 10, 3) -> Rescaling(2, 0.5), pattern 1 with ties, NaN and +-Inf (as in
// cuda_publish_cells_test.cpp).
struct TwoLayers {
  model::Graph graph;
  int input = 0;
  int scaled = 0;
  TwoLayers() {
    graph.set_source_file("in-code.h5");
    input = graph.add(std::make_shared<model::InputLayer>("input", Shape{kRows, kCols, kChannels}), {});
    scaled = graph.add(std::make_shared<model::Rescaling>("scaled", 2.0f, 0.5f), {input});
    graph.set_outputs({scaled});
  }
};

std::vector<float> tricky_inputs(int64_t batch) {
  std::mt19937 random(2026u);
  std::uniform_int_distribution<int> steps(-12, 12);
  std::vector<float> values(static_cast<size_t>(batch * kRows * kCols * kChannels));
  for (float& v : values) v = 0.25f * static_cast<float>(steps(random));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const size_t pattern = static_cast<size_t>(kRows * kCols * kChannels);
  for (size_t k = 2; k < pattern; k += kChannels) values[pattern + k] = (k / 3) % 3 == 0 ? nan : (k % 2 ? inf : -inf);
  values[pattern + 0] = nan;
  values[pattern + 4] = inf;
  values[pattern + 7] = -inf;
  return values;
}

// Each layer's three channels, a padded strip of each layer, an empty cell: all of pattern 1.
std::vector<PublishView> nine_cells(const TwoLayers& m) {
  std::vector<PublishView> views;
  for (const int layer : {m.input, m.scaled}) {
    for (int64_t c = 0; c < kChannels; ++c) {
      views.push_back({layer, 1, c, kRows, kCols, kCols * kChannels, kChannels, kRows * kCols});
    }
  }
  views.push_back({m.input, 1, 0, 4, 100, 100, 1, 355});
  views.push_back({m.scaled, 1, 5, 4, 100, 100, 1, 355});
  views.push_back({m.input, 1, 0, 2, 3, 3, 1, 0});
  return views;
}

// The cell as compute/publish.cpp lays it out, from one pattern's values: rows x cols, padding 0.
std::vector<float> cell_texels(const std::vector<float>& pattern, const PublishView& v) {
  std::vector<float> texels(static_cast<size_t>(v.rows * v.cols), 0.0f);
  for (int64_t i = 0; i < v.count; ++i) {
    texels[static_cast<size_t>(i)] =
        pattern[static_cast<size_t>(v.offset + (i / v.cols) * v.row_stride + (i % v.cols) * v.col_stride)];
  }
  return texels;
}

void expect_same_stats(const ValueStats& actual, const ValueStats& expected) {
  EXPECT_EQ(actual.finite, expected.finite);
  EXPECT_EQ(actual.nan, expected.nan);
  EXPECT_EQ(actual.pos_inf, expected.pos_inf);
  EXPECT_EQ(actual.neg_inf, expected.neg_inf);
  if (expected.finite > 0) {
    EXPECT_EQ(actual.min, expected.min);
    EXPECT_EQ(actual.max, expected.max);
  }
  EXPECT_EQ(actual.percentiles, expected.percentiles);
}

class FailingTarget final : public render::HostTarget {
 public:
  FailingTarget(int64_t rows, int64_t cols) : HostTarget(rows, cols) {}
  std::optional<uint64_t> map_device_surface(void*) override { throw_internal("test target", "refused to map"); }
};

// Seven resource targets, a host target (the fallback) and a CUDA array (its own surface).
class GroupMapping : public ::testing::Test {
 protected:
  void SetUp() override {
    const float* pointer = inputs_.data();
    for (compute::Backend* backend : {static_cast<compute::Backend*>(&cuda_), static_cast<compute::Backend*>(&cpu_)}) {
      backend->plan(m_.graph, 2);
      backend->run(std::span(&pointer, 1), 2);
    }
    for (size_t c = 0; c < views_.size(); ++c) {
      const PublishView& v = views_[c];
      if (c < 7) {
        auto target = std::make_unique<ResourceTarget>(v.rows, v.cols);
        target->want_percentiles(std::pair{c == 3 ? 0.0 : 2.0, c == 3 ? 100.0 : 98.0});
        resources_.push_back(target.get());
        owned_.push_back(std::move(target));
      } else if (c == 7) {
        auto target = std::make_unique<render::HostTarget>(v.rows, v.cols);
        target->want_percentiles(std::pair{25.0, 75.0});
        owned_.push_back(std::move(target));
      } else {
        auto target = std::make_unique<testing::CudaArrayTarget>(v.rows, v.cols);
        target->want_percentiles(std::pair{10.0, 90.0});
        owned_.push_back(std::move(target));
      }
      targets_.push_back(owned_.back().get());
    }
  }

  // The cell from the CUDA backend's own download of its layer.
  std::vector<float> own_texels(const PublishView& v) const {
    const std::vector<float> all = testing::downloaded(cuda_, m_.graph, v.layer, 2);
    const int64_t size = element_count(m_.graph.output_shape(v.layer));
    return cell_texels({all.begin() + v.pattern * size, all.begin() + (v.pattern + 1) * size}, v);
  }
  std::vector<float> texels(size_t c) const {
    if (const auto* r = dynamic_cast<const ResourceTarget*>(targets_[c])) return r->texels();
    if (const auto* a = dynamic_cast<const testing::CudaArrayTarget*>(targets_[c])) return a->read_back();
    return dynamic_cast<const render::HostTarget&>(*targets_[c]).values();
  }
  const ValueStats& stats(size_t c) const {
    if (const auto* r = dynamic_cast<const ResourceTarget*>(targets_[c])) return r->stats();
    if (const auto* a = dynamic_cast<const testing::CudaArrayTarget*>(targets_[c])) return a->stats();
    return dynamic_cast<const render::HostTarget&>(*targets_[c]).stats();
  }

  TwoLayers m_;
  std::vector<float> inputs_ = tricky_inputs(2);
  CudaBackend cuda_;
  compute::CpuBackend cpu_;
  std::vector<PublishView> views_ = nine_cells(m_);
  std::vector<std::unique_ptr<RenderTarget>> owned_;
  std::vector<RenderTarget*> targets_;
  std::vector<ResourceTarget*> resources_;
};

TEST_F(GroupMapping, APageMatchesTheCpuBackendWithOneMapOneWaitOneUnmap) {
  for (int frame = 0; frame < 2; ++frame) {  // the second frame reuses the grown scratch
    SCOPED_TRACE("frame " + std::to_string(frame));
    const CudaBackend::PublishCounts before = cuda_.publish_counts();
    cuda_.publish_cells(views_, targets_);
    const CudaBackend::PublishCounts after = cuda_.publish_counts();
    EXPECT_EQ(after.map_calls - before.map_calls, 2) << "one call for the resources, one for the CUDA array";
    EXPECT_EQ(after.unmap_calls - before.unmap_calls, 2);
    EXPECT_EQ(after.stream_waits - before.stream_waits, 1);
    for (size_t c = 0; c < views_.size(); ++c) {
      SCOPED_TRACE("cell " + std::to_string(c));
      if (c < resources_.size()) {
        EXPECT_FALSE(resources_[c]->mapped());
        EXPECT_EQ(resources_[c]->commits(), frame + 1);
      }
      render::HostTarget expected(views_[c].rows, views_[c].cols);
      expected.want_percentiles(targets_[c]->wanted_percentiles());
      cpu_.publish(views_[c], expected);
      const std::vector<float> got = texels(c);
      const std::vector<float> own = own_texels(views_[c]);
      ASSERT_EQ(got.size(), own.size());
      EXPECT_EQ(std::memcmp(got.data(), own.data(), got.size() * sizeof(float)), 0) << "the layer's own bits";
      EXPECT_TRUE(testing::outputs_agree(got, expected.values()));
      expect_same_stats(stats(c), compute::value_stats(std::span(own).first(static_cast<size_t>(views_[c].count)),
                                                       targets_[c]->wanted_percentiles()));
      if (views_[c].layer == m_.input) expect_same_stats(stats(c), expected.stats());
    }
  }
}

TEST_F(GroupMapping, AnErrorMidPageLeavesNoResourceMapped) {
  FailingTarget failing(views_[7].rows, views_[7].cols);
  std::vector<RenderTarget*> with_failure = targets_;
  with_failure[7] = &failing;
  try {
    cuda_.publish_cells(views_, with_failure);
    FAIL() << "the failing target's error must come through";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("refused to map"), std::string::npos) << error.what();
    EXPECT_EQ(error.context(), "in-code.h5");
  }
  for (const ResourceTarget* resource : resources_) EXPECT_FALSE(resource->mapped());
  // Left mapped, a resource would refuse the next page's map call (cudaErrorAlreadyMapped).
  cuda_.publish_cells(views_, targets_);
  for (size_t c = 0; c < resources_.size(); ++c) {
    const std::vector<float> own = own_texels(views_[c]);
    const std::vector<float> got = texels(c);
    EXPECT_EQ(std::memcmp(got.data(), own.data(), got.size() * sizeof(float)), 0) << "cell " << c;
  }
  // A view that does not fit its target is refused, naming its layer, before anything is mapped.
  std::vector<PublishView> wrong = views_;
  wrong[4].rows -= 1;
  const CudaBackend::PublishCounts before = cuda_.publish_counts();
  try {
    cuda_.publish_cells(wrong, targets_);
    FAIL() << "a view that does not fit its target must be refused";
  } catch (const Error& error) {
    EXPECT_NE(error.context().find("layer 'scaled'"), std::string::npos) << error.context();
  }
  EXPECT_EQ(cuda_.publish_counts().map_calls, before.map_calls);
}

}  // namespace
}  // namespace cerebro
