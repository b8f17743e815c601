// The architecture diagram: Keras plot_model's record labels, the graph's edges, a real PNG.
#include <gtest/gtest.h>

#include "io/model_loader.hpp"
#include "render/plot_model.hpp"
#include "render/png_writer.hpp"
#include "support/test_support.hpp"

namespace cerebro::render {
namespace {

TEST(PlotModel, DotHasOneRecordPerLayerWithShapesAndTheEdges) {
  const model::Graph graph = io::load_model(testing::fixture("article_tfkeras.h5").string());
  const std::string dot = model_dot(graph);
  EXPECT_NE(dot.find("{input_1: InputLayer|{input:|output:}|{[(None, 50, 50)]|(None, 50, 50)}}"), std::string::npos)
      << dot;
  EXPECT_NE(dot.find("{dense_1: Dense|{input:|output:}|{(None, 50, 50)|(None, 50, 75)}}"), std::string::npos) << dot;
  EXPECT_NE(dot.find("{dense_4: Dense|{input:|output:}|{(None, 500)|(None, 5)}}"), std::string::npos) << dot;
  for (int i = 1; i < graph.size(); ++i) {
    EXPECT_NE(dot.find("n" + std::to_string(i - 1) + " -> n" + std::to_string(i) + ";"), std::string::npos) << i;
  }
  EXPECT_EQ(architecture_file_name(graph), "article_functional neural network architecture.png");
}

TEST(PlotModel, RendersAPngTallerThanWide) {
  const model::Graph graph = io::load_model(testing::fixture("article_tfkeras.h5").string());
  testing::TempDir dir;
  plot_model(graph, dir / "arch.png");
  const RgbImage image = read_png(dir / "arch.png");
  EXPECT_GT(image.height, 2 * image.width);  // seven boxes in a column
  int dark = 0;
  for (size_t i = 0; i < image.rgb.size(); i += 3) dark += image.rgb[i] < 64;
  EXPECT_GT(dark, 1000);  // box outlines, text and arrows
}

}  // namespace
}  // namespace cerebro::render
