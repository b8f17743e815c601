// Backend::publish on the CPU: the strided views of the display rule, read from the backend's own
// buffers, against the values `download` returns.
#include <gtest/gtest.h>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/publish.hpp"
#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "io/npy.hpp"
#include "render/display_rule.hpp"
#include "render/value_target.hpp"
#include "support/test_support.hpp"

namespace cerebro::render {
namespace {

TEST(Publish, CpuCellsAreTheLayerOutputsOfEachPattern) {
  const model::Graph graph = io::load_model(testing::fixture("article_tfkeras.h5").string());
  const io::NpyReader reader(testing::fixture("ref/article_tfkeras.h5.input.npy").string());  // (3, 50, 50)
  std::vector<float> inputs(static_cast<size_t>(reader.element_count()));
  reader.read(0, reader.element_count(), inputs.data());
  compute::CpuBackend backend;
  backend.plan(graph, 3);
  const float* pointer = inputs.data();
  backend.run(std::span(&pointer, 1), 3);

  DisplayOptions all;
  all.show = ShowMode::All;
  for (CellSpec cell : shown_cells(graph, all)) {
    const int64_t size = element_count(graph.output_shape(cell.layer));
    std::vector<float> full(static_cast<size_t>(3 * size));
    backend.download(cell.layer, full);
    for (int64_t p = 0; p < 3; ++p) {
      cell.view.pattern = p;
      HostTarget target(cell.view.rows, cell.view.cols);
      backend.publish(cell.view, target);
      const float* expected = full.data() + p * size;
      for (int64_t k = 0; k < cell.view.count; ++k) {
        ASSERT_EQ(target.values()[static_cast<size_t>(k)], expected[k]) << cell.title << " pattern " << p;
      }
      const auto [lo, hi] = std::minmax_element(expected, expected + size);
      EXPECT_EQ(target.stats().min, *lo);
      EXPECT_EQ(target.stats().max, *hi);
      EXPECT_EQ(target.stats().finite, size);
    }
  }
}

TEST(Publish, ChannelViewsStrideThroughTheLastAxis) {
  // A (2, 3, 4) output: channel 2 is every 4th value from offset 2.
  std::vector<float> values(24);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i);
  HostTarget target(2, 3);
  compute::publish_host(values, PublishView{0, 0, 2, 2, 3, 12, 4, 6}, target);
  EXPECT_EQ(target.values(), (std::vector<float>{2, 6, 10, 14, 18, 22}));
  EXPECT_EQ(target.stats().min, 2.0f);
  EXPECT_EQ(target.stats().max, 22.0f);
}

TEST(Publish, ViewsOutsideTheOutputAreRefused) {
  std::vector<float> values(10);
  HostTarget target(2, 6);
  EXPECT_THROW(compute::publish_host(values, PublishView{0, 0, 0, 2, 6, 6, 1, 12}, target), Error);
  HostTarget wrong_size(3, 3);
  EXPECT_THROW(compute::publish_host(values, PublishView{0, 0, 0, 2, 5, 5, 1, 10}, wrong_size), Error);
}

}  // namespace
}  // namespace cerebro::render
