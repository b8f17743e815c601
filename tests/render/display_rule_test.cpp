// The display rule on real Keras files: which outputs become cells, titled how.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "render/display_rule.hpp"
#include "support/test_support.hpp"

namespace cerebro::render {
namespace {

std::vector<std::string> titles(const std::vector<CellSpec>& cells) {
  std::vector<std::string> out;
  for (const CellSpec& c : cells) out.push_back(c.title);
  return out;
}

class Rule : public ::testing::Test {
 protected:
  model::Graph article = io::load_model(testing::fixture("article_tfkeras.h5").string());
};

TEST_F(Rule, ArticleModelShowsItsThreeLargeMaps) {
  const auto cells = shown_cells(article, {});
  EXPECT_EQ(titles(cells), (std::vector<std::string>{"dense_1 (50, 75)", "my_dense (50, 50)", "dense_2 (50, 25)"}));
  const PublishView& v = cells[0].view;
  EXPECT_EQ(v.rows, 50);
  EXPECT_EQ(v.cols, 75);
  EXPECT_EQ(v.row_stride, 75);
  EXPECT_EQ(v.col_stride, 1);
  EXPECT_EQ(v.count, 3750);
}

TEST_F(Rule, ThresholdIsStrict) {
  DisplayOptions o;
  o.threshold_rows = 49;
  o.threshold_cols = 49;
  EXPECT_EQ(titles(shown_cells(article, o)), (std::vector<std::string>{"dense_1 (50, 75)", "my_dense (50, 50)"}));
  o.threshold_rows = 50;  // 50 > 50 is false: nothing left
  EXPECT_TRUE(shown_cells(article, o).empty());
  EXPECT_NE(nothing_shown_message(o).find("--show maps"), std::string::npos);
  o.threshold_rows = 0;
  o.threshold_cols = 9;  // dense_3 (50, 10) joins
  EXPECT_EQ(shown_cells(article, o).size(), 4u);
}

TEST_F(Rule, InputAndShowAllAndLayers) {
  DisplayOptions o;
  o.input = true;
  EXPECT_EQ(titles(shown_cells(article, o)).front(), "input_1 (50, 50)");
  o = {};
  o.show = ShowMode::All;
  const auto all = titles(shown_cells(article, o));
  EXPECT_EQ(all, (std::vector<std::string>{"dense_1 (50, 75)", "my_dense (50, 50)", "dense_2 (50, 25)",
                                           "dense_3 (50, 10)", "flatten_1 (500,)", "dense_4 (5,)"}));
  o = {};
  o.layers = {"dense_4", "dense_1"};  // named layers are shown whatever their size, in that order
  const auto named = shown_cells(article, o);
  EXPECT_EQ(titles(named), (std::vector<std::string>{"dense_4 (5,)", "dense_1 (50, 75)"}));
  EXPECT_EQ(named[0].view.rows, 1);
  EXPECT_EQ(named[0].view.cols, 5);
  o.layers = {"nope"};
  EXPECT_THROW(shown_cells(article, o), Error);
}

TEST_F(Rule, StripsWrapAtTheLargestTextureOrGoNearSquare) {
  DisplayOptions o;
  o.layers = {"flatten_1"};
  o.max_texture_size = 64;
  const PublishView wrapped = shown_cells(article, o)[0].view;
  EXPECT_EQ(wrapped.rows, 8);  // 500 values in rows of 64: 7 full rows and 52 values
  EXPECT_EQ(wrapped.cols, 64);
  EXPECT_EQ(wrapped.count, 500);
  o.square_strips = true;
  const PublishView square = shown_cells(article, o)[0].view;
  EXPECT_EQ(square.rows, 25);  // keract: 500 -> (25, 20)
  EXPECT_EQ(square.cols, 20);
}

TEST(NearSquare, MatchesKeractsFactorisation) {
  // keract's _convert_1d_to_2d: the factor pair of smallest sum, larger factor first; a prime n
  // is n x 1.
  EXPECT_EQ(near_square(500), (std::pair<int64_t, int64_t>{25, 20}));
  EXPECT_EQ(near_square(400), (std::pair<int64_t, int64_t>{20, 20}));
  EXPECT_EQ(near_square(6), (std::pair<int64_t, int64_t>{3, 2}));
  EXPECT_EQ(near_square(13), (std::pair<int64_t, int64_t>{13, 1}));
  EXPECT_EQ(near_square(1), (std::pair<int64_t, int64_t>{1, 1}));
}

TEST(RuleMaps, ThreeDimensionalOutputsGiveOneCellPerChannel) {
  const auto file = testing::shared_fixture("keras/k2.0.4_dense_EN10.h5");
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no shared fixtures at " << file;
  const model::Graph graph = io::load_model(file.string());  // dense_1: (28, 28, 15)
  EXPECT_TRUE(shown_cells(graph, {}).empty());  // the article's rule shows 2-D outputs only
  DisplayOptions o;
  o.show = ShowMode::Maps;
  const auto cells = shown_cells(graph, o);
  ASSERT_EQ(cells.size(), 15u);
  EXPECT_EQ(cells[3].title, "dense_1 (28, 28) ch 3");
  EXPECT_EQ(cells[3].channel, 3);
  EXPECT_EQ(cells[3].view.offset, 3);
  EXPECT_EQ(cells[3].view.row_stride, 28 * 15);
  EXPECT_EQ(cells[3].view.col_stride, 15);
}

}  // namespace
}  // namespace cerebro::render
