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

// With `weights`, the summary of MODEL --weights WEIGHTS, whose references are keyed by WEIGHTS.
void expect_summary_matches(const std::filesystem::path& model, const std::filesystem::path& ref_dir,
                            const std::filesystem::path& weights = {}) {
  std::vector<std::string> args{"summary", model.string()};
  if (!weights.empty()) args.insert(args.end(), {"--weights", weights.string()});
  const testing::CommandResult result = testing::run_cerebro(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const ParsedSummary parsed = parse(result.out);
  const std::string key = (weights.empty() ? model : weights).filename().string();
  const nlohmann::json summary = testing::load_reference(ref_dir, key).summary;

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
  for (const char* file : {"article_tfkeras.h5", "article_seq_tfkeras.h5", "activations_tfkeras.h5", "conv_tfkeras.h5",
                           "spatial_tfkeras.h5", "conv1d_tfkeras.h5", "merges_tfkeras.h5", "activations2_tfkeras.h5",
                           "shapes_tfkeras.h5"}) {
    SCOPED_TRACE(file);
    expect_summary_matches(testing::fixture(file), testing::fixture("ref"));
  }
}

TEST(Summary, MatchesKerasForSharedKeras2Files) {
  for (const char* file : {"k2.0.4_simple_EN10.h5", "k2.0.4_dense_EN10.h5", "k2.0.4_TFKeras_EN10.h5",
                           "k2.1.6_seq_cnn_HsinM_model.h5", "k2.3.1_functional_bn_conv2d_hls4ml.h5",
                           "k2.3.1_functional_dense_bn_hls4ml.h5"}) {
    SCOPED_TRACE(file);
    expect_summary_matches(testing::shared_fixture(std::string("keras/") + file), testing::shared_fixture("keras/ref"));
  }
}

// Keras 3 files, nested and shared layers (one row each, params counted once), several inputs.
TEST(Summary, MatchesKerasForKeras3Fixtures) {
  for (const char* file : {"custom_names_keras3.keras", "nested_keras3.keras", "nested_keras3.h5", "nested_tfkeras.h5",
                           "shared_keras3.keras", "shared_tfkeras.h5", "merge_keras3.keras", "chunked_names_keras3.h5"}) {
    SCOPED_TRACE(file);
    expect_summary_matches(testing::fixture(file), testing::fixture("ref"));
  }
}

TEST(Summary, MatchesKerasForWeightsOnlyFiles) {
  expect_summary_matches(testing::fixture("wo_arch_keras3.keras"), testing::fixture("ref"),
                         testing::fixture("wo_keras3.weights.h5"));
  expect_summary_matches(testing::fixture("wo_arch_tfkeras.json"), testing::fixture("ref"),
                         testing::fixture("wo_tfkeras_weights.h5"));
  expect_summary_matches(testing::shared_fixture("keras/k2.1.6_seq_cnn_HsinM_model.h5"), testing::shared_fixture("keras/ref"),
                         testing::shared_fixture("keras/k2.1.6_weights_only_HsinM.h5"));
}

TEST(Summary, MatchesKerasForSharedKeras3Files) {
  for (const char* file : {"k3.5.0_legacy_h5_cnn_Kimthangg.h5", "k3.15.1_cnn_AKSHATV25.keras"}) {
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
