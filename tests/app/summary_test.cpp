// `cerebro summary` parsed back and compared with Keras' own summary facts for the same file.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "support/reference.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

struct Row {
  std::string name, cls, shape;
  int64_t params;
};

int64_t parse_count(std::string text) {
  std::erase(text, ',');
  return std::stoll(text);
}

struct ParsedSummary {
  std::vector<Row> rows;
  int64_t total = -1, trainable = -1, non_trainable = -1;
};

ParsedSummary parse(const std::string& table) {
  ParsedSummary parsed;
  const std::regex row(R"(^(\S+) \((\w+)\)\s+(\(None[^)]*\))\s+([\d,]+)$)");
  const std::regex total(R"(^(Total|Trainable|Non-trainable) params: ([\d,]+)$)");
  std::istringstream lines(table);
  std::smatch m;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, m, row)) {
      parsed.rows.push_back({m[1], m[2], m[3], parse_count(m[4])});
    } else if (std::regex_match(line, m, total)) {
      const int64_t n = parse_count(m[2]);
      (m[1] == "Total" ? parsed.total : m[1] == "Trainable" ? parsed.trainable : parsed.non_trainable) = n;
    }
  }
  return parsed;
}

std::string keras_shape(const nlohmann::json& shape) {
  std::string s = "(None";
  for (size_t d = 1; d < shape.size(); ++d) s += ", " + std::to_string(shape[d].get<int64_t>());
  return s + ")";
}

void expect_summary_matches(const std::filesystem::path& model, const std::filesystem::path& ref_dir) {
  const testing::CommandResult result = testing::run_cerebro({"summary", model.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const ParsedSummary parsed = parse(result.out);
  const nlohmann::json summary = testing::load_reference(ref_dir, model.filename().string()).summary;

  std::vector<Row> expected;
  for (const auto& layer : summary.at("layers")) {
    if (!layer.at("in_keras_summary").get<bool>()) continue;
    expected.push_back({layer.at("name"), layer.at("class_name"), keras_shape(layer.at("output_shape")),
                        layer.at("params").get<int64_t>()});
  }
  ASSERT_EQ(parsed.rows.size(), expected.size()) << result.out;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(parsed.rows[i].name, expected[i].name);
    EXPECT_EQ(parsed.rows[i].cls, expected[i].cls);
    EXPECT_EQ(parsed.rows[i].shape, expected[i].shape) << expected[i].name;
    EXPECT_EQ(parsed.rows[i].params, expected[i].params) << expected[i].name;
  }
  EXPECT_EQ(parsed.total, summary.at("total_params").get<int64_t>());
  EXPECT_EQ(parsed.trainable, summary.at("trainable_params").get<int64_t>());
  EXPECT_EQ(parsed.non_trainable, summary.at("non_trainable_params").get<int64_t>());
}

TEST(Summary, ArticleModelShowsTheArticlesShapesAndParams) {
  const testing::CommandResult result = testing::run_cerebro({"summary", testing::fixture("article_tfkeras.h5").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("(None, 50, 75)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("(None, 5)"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Total params: 11,665"), std::string::npos) << result.out;
}

TEST(Summary, MatchesKerasForEachFixture) {
  for (const char* file : {"article_tfkeras.h5", "article_seq_tfkeras.h5", "activations_tfkeras.h5"}) {
    SCOPED_TRACE(file);
    expect_summary_matches(testing::fixture(file), testing::fixture("ref"));
  }
}

TEST(Summary, MatchesKerasForSharedKeras2Files) {
  for (const char* file : {"k2.0.4_simple_EN10.h5", "k2.0.4_dense_EN10.h5", "k2.0.4_TFKeras_EN10.h5"}) {
    SCOPED_TRACE(file);
    expect_summary_matches(testing::shared_fixture(std::string("keras/") + file), testing::shared_fixture("keras/ref"));
  }
}

TEST(Version, SaysWhetherCudaIsCompiledIn) {
  const testing::CommandResult result = testing::run_cerebro({"--version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(^cerebro \d+\.\d+\.\d+ \(CUDA support (not )?compiled in\))")))
      << result.out;
}

}  // namespace
}  // namespace cerebro
