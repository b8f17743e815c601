// Emulation only (label cuda-emulated): CudaBackend::publish_cells' group path (one map call for
// every texture of a page, the writes, one stream wait, one unmap call, then commit_device) on
// emulated graphics resources standing in for registered GL textures. On a GPU the same logic is
// covered by tests/compute/cuda_publish_cells_test.cpp's CudaPublishCells tests, which need an EGL
// context on the CUDA device and are excluded here; this keeps their checks (bits, statistics,
// map/unmap/wait counts, nothing left mapped after an error) running in CI.
#include <gtest/gtest.h>

#include <cstring>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda_test_targets.hpp"
#include "compute/cuda_test_util.hpp"
#include "compute/publish.hpp"
#include "compute/publish_page_cases.hpp"
#include "core/error.hpp"
#include "emulated_graphics.hpp"
#include "render/value_target.hpp"

namespace cerebro {
namespace {

using compute::cuda::CudaBackend;
using testing::cell_texels;
using testing::expect_same_stats;
using testing::nine_cells;
using testing::tricky_inputs;
using testing::TwoLayers;

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
