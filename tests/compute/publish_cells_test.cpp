// Backend::publish_cells on the CPU (the default: one publish per cell) and Publisher::publish_cells
// (the backend's batch, or host copies for a backend that cannot publish): the same texels and
// statistics as publishing the cells one by one, values checked against the layer outputs
// `download` returns and percentiles against NumPy's results for small closed cases.
#include <gtest/gtest.h>

#include <cstring>
#include <limits>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/publish.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "io/model_loader.hpp"
#include "model/layers/input_layer.hpp"
#include "render/display_rule.hpp"
#include "render/value_target.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

// The CPU backend without its own publish: Backend's default throws Unsupported.
class NoPublishBackend final : public compute::Backend {
 public:
  std::string_view name() const override { return "no-publish"; }
  bool supports(const model::Layer& layer) const override { return cpu_.supports(layer); }
  void plan(const model::Graph& graph, int64_t max_batch) override { cpu_.plan(graph, max_batch); }
  void run(std::span<const float* const> inputs, int64_t batch) override { cpu_.run(inputs, batch); }
  void download(int index, std::span<float> destination) const override { cpu_.download(index, destination); }
  std::vector<ValueStats> output_stats(int64_t pattern) const override { return cpu_.output_stats(pattern); }

 private:
  compute::CpuBackend cpu_;
};

struct Page {
  std::vector<PublishView> views;
  std::vector<std::unique_ptr<render::HostTarget>> targets;
  std::vector<RenderTarget*> pointers;
};

// Every cell --show all gives for `pattern`, every other one wanting percentiles.
Page page_of(const model::Graph& graph, int64_t pattern) {
  render::DisplayOptions all;
  all.show = render::ShowMode::All;
  all.input = true;
  Page page;
  for (const render::CellSpec& cell : render::shown_cells(graph, all)) {
    page.views.push_back(cell.view);
    page.views.back().pattern = pattern;
    page.targets.push_back(std::make_unique<render::HostTarget>(cell.view.rows, cell.view.cols));
    if (page.targets.size() % 2 == 0) page.targets.back()->want_percentiles(std::pair{2.0, 98.0});
    page.pointers.push_back(page.targets.back().get());
  }
  return page;
}

void expect_same_cell(const render::HostTarget& actual, const render::HostTarget& expected) {
  ASSERT_EQ(actual.values().size(), expected.values().size());
  EXPECT_EQ(std::memcmp(actual.values().data(), expected.values().data(), actual.values().size() * sizeof(float)), 0);
  const ValueStats& a = actual.stats();
  const ValueStats& e = expected.stats();
  EXPECT_EQ(a.finite, e.finite);
  EXPECT_EQ(a.nan, e.nan);
  EXPECT_EQ(a.pos_inf, e.pos_inf);
  EXPECT_EQ(a.neg_inf, e.neg_inf);
  EXPECT_EQ(a.min, e.min);
  EXPECT_EQ(a.max, e.max);
  EXPECT_EQ(a.percentiles, e.percentiles);
}

class PublishCells : public ::testing::Test {
 protected:
  void SetUp() override {
    graph_ = io::load_model(testing::fixture("spatial_tfkeras.h5").string());
    inputs_.resize(static_cast<size_t>(2 * element_count(graph_.output_shape(graph_.input_layers().at(0)))));
    for (size_t i = 0; i < inputs_.size(); ++i) inputs_[i] = static_cast<float>((i * 37) % 101) / 50.0f - 1.0f;
  }

  void run(compute::Backend& backend) {
    backend.plan(graph_, 2);
    const float* pointer = inputs_.data();
    backend.run(std::span(&pointer, 1), 2);
  }

  // Each cell's texels must be the layer's downloaded values in the view's layout.
  void expect_layer_values(const compute::Backend& backend, const Page& page) const {
    for (size_t c = 0; c < page.views.size(); ++c) {
      const PublishView& v = page.views[c];
      const int64_t size = element_count(graph_.output_shape(v.layer));
      std::vector<float> all(static_cast<size_t>(2 * size));
      backend.download(v.layer, all);
      for (int64_t k = 0; k < v.count; ++k) {
        const size_t at = static_cast<size_t>(v.pattern * size + v.offset + (k / v.cols) * v.row_stride +
                                              (k % v.cols) * v.col_stride);
        ASSERT_EQ(page.targets[c]->values()[static_cast<size_t>(k)], all[at]) << "cell " << c << " texel " << k;
      }
    }
  }

  model::Graph graph_;
  std::vector<float> inputs_;
};

TEST_F(PublishCells, TheDefaultBatchEqualsSinglePublishes) {
  compute::CpuBackend cpu;
  run(cpu);
  Page batched = page_of(graph_, 1);
  ASSERT_GT(batched.views.size(), 10u);
  const compute::Backend& backend = cpu;
  backend.publish_cells(batched.views, batched.pointers);
  Page single = page_of(graph_, 1);
  for (size_t c = 0; c < single.views.size(); ++c) backend.publish(single.views[c], *single.targets[c]);
  for (size_t c = 0; c < single.views.size(); ++c) {
    SCOPED_TRACE("cell " + std::to_string(c));
    expect_same_cell(*batched.targets[c], *single.targets[c]);
    EXPECT_EQ(batched.targets[c]->stats().percentiles.has_value(), c % 2 == 1);
  }
  expect_layer_values(cpu, batched);
}

TEST_F(PublishCells, PublisherCopiesThroughHostMemoryForABackendThatCannotPublish) {
  NoPublishBackend plain;
  run(plain);
  compute::Publisher publisher(plain, graph_);
  publisher.new_run(2);
  Page page = page_of(graph_, 0);
  const int warnings = warning_count();
  publisher.publish_cells(page.views, page.pointers);
  publisher.publish_cells(page.views, page.pointers);
  EXPECT_EQ(warning_count(), warnings + 1) << "the fallback is said once";
  expect_layer_values(plain, page);

  compute::CpuBackend cpu;
  run(cpu);
  Page reference = page_of(graph_, 0);
  for (size_t c = 0; c < reference.views.size(); ++c) cpu.publish(reference.views[c], *reference.targets[c]);
  for (size_t c = 0; c < page.views.size(); ++c) {
    SCOPED_TRACE("cell " + std::to_string(c));
    expect_same_cell(*page.targets[c], *reference.targets[c]);
  }
}

TEST_F(PublishCells, PercentilesAreNumpysLinearOnesOverFiniteValues) {
  model::Graph graph;
  graph.set_source_file("in-code.h5");
  const int input = graph.add(std::make_shared<model::InputLayer>("input", Shape{2, 4}), {});
  graph.set_outputs({input});
  compute::CpuBackend cpu;
  cpu.plan(graph, 1);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const std::vector<float> values{4.0f, nan, 2.0f, inf, 1.0f, 3.0f, -inf, 3.0f};
  const float* pointer = values.data();
  cpu.run(std::span(&pointer, 1), 1);
  // np.percentile([4, 2, 1, 3, 3], [25, 75]) == [2.0, 3.0]; [10, 90] == [1.4, 3.6];
  // np.percentile([4, 2], [25, 75]) == [2.5, 3.5] (the first row alone).
  render::HostTarget whole(2, 4);
  render::HostTarget tails(2, 4);
  render::HostTarget first_row(1, 4);
  whole.want_percentiles(std::pair{25.0, 75.0});
  tails.want_percentiles(std::pair{10.0, 90.0});
  first_row.want_percentiles(std::pair{25.0, 75.0});
  const std::vector<PublishView> views{
      {input, 0, 0, 2, 4, 4, 1, 8}, {input, 0, 0, 2, 4, 4, 1, 8}, {input, 0, 0, 1, 4, 4, 1, 4}};
  RenderTarget* const targets[] = {&whole, &tails, &first_row};
  static_cast<const compute::Backend&>(cpu).publish_cells(views, targets);
  EXPECT_EQ(whole.stats().percentiles, (std::pair{2.0f, 3.0f}));
  EXPECT_EQ(tails.stats().percentiles, (std::pair{static_cast<float>(1.4), static_cast<float>(3.6)}));
  EXPECT_EQ(first_row.stats().percentiles, (std::pair{2.5f, 3.5f}));
  EXPECT_EQ(whole.stats().nan, 1);
  EXPECT_EQ(whole.stats().pos_inf, 1);
  EXPECT_EQ(whole.stats().neg_inf, 1);
}

TEST_F(PublishCells, RefusesMismatchedSpansAndViewsOutsideTheOutput) {
  compute::CpuBackend cpu;
  run(cpu);
  Page page = page_of(graph_, 0);
  const compute::Backend& backend = cpu;
  EXPECT_THROW(backend.publish_cells(page.views, std::span(page.pointers).first(1)), Error);
  compute::Publisher publisher(cpu, graph_);
  publisher.new_run(2);
  EXPECT_THROW(publisher.publish_cells(std::span(page.views).first(1), page.pointers), Error);
  // compute::check_view, shared by every backend: one value past the pattern's end.
  const render::HostTarget target(2, 3);
  EXPECT_NO_THROW(compute::check_view(PublishView{0, 0, 0, 2, 3, 3, 1, 6}, 6, target));
  EXPECT_THROW(compute::check_view(PublishView{0, 0, 1, 2, 3, 3, 1, 6}, 6, target), Error);
  EXPECT_THROW(compute::check_view(PublishView{0, 0, 0, 2, 3, 3, 1, 6}, 6, render::HostTarget(3, 2)), Error);
  EXPECT_THROW(compute::check_view(PublishView{0, 0, 5, 2, 3, -3, 1, 6}, 6, target), Error);
}

}  // namespace
}  // namespace cerebro
