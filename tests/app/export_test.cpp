// `cerebro export` end to end: files on disk compared with Keras' own per-layer outputs.
#include <gtest/gtest.h>

#include "io/npy.hpp"
#include "support/reference.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

const std::string kModel = "article_tfkeras.h5";

class Export : public ::testing::Test {
 protected:
  testing::Reference ref = testing::load_reference(testing::fixture("ref"), kModel);
  testing::TempDir dir;

  testing::CommandResult run(std::vector<std::string> extra) {
    std::vector<std::string> args{"export", testing::fixture(kModel).string(), "--patterns",
                                  testing::fixture("ref/" + kModel + ".input.npy").string(), "--out",
                                  (dir / "out").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_cerebro(args);
  }

  void expect_npy_matches(const std::string& layer) {
    const io::NpyReader reader((dir / "out" / (layer + ".npy")).string());
    const io::NpyArray& expected = ref.layers.at(layer);
    EXPECT_EQ(reader.shape(), expected.shape) << layer;
    std::vector<float> values(static_cast<size_t>(reader.element_count()));
    reader.read(0, reader.element_count(), values.data());
    EXPECT_LE(testing::relative_error(values, expected.values), 1e-5) << layer;
  }
};

TEST_F(Export, EveryLayerAsNpyMatchesKeras) {
  const auto result = run({"--batch", "2"});  // batches of 2 then 1: the files grow incrementally
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const auto& [layer, values] : ref.layers) expect_npy_matches(layer);

  const auto index = nlohmann::json::parse(testing::read_text(dir / "out" / "layers.json"));
  EXPECT_EQ(index.at("count"), 3);
  ASSERT_EQ(index.at("layers").size(), 7u);
  EXPECT_EQ(index["layers"][1]["layer"], "dense_1");
  EXPECT_EQ(index["layers"][1]["file"], "dense_1.npy");
  EXPECT_EQ(index["layers"][1]["class"], "Dense");
  EXPECT_EQ(index["layers"][1]["shape"], nlohmann::json({3, 50, 75}));
}

TEST_F(Export, LayersOptionSelectsByName) {
  const auto result = run({"--layers", "my_dense,dense_4"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_npy_matches("my_dense");
  expect_npy_matches("dense_4");
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "dense_1.npy"));
}

TEST_F(Export, JsonFormatWritesNestedLists) {
  const auto result = run({"--format", "json", "--layers", "dense_4", "--batch", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto values = nlohmann::json::parse(testing::read_text(dir / "out" / "dense_4.json"));
  const io::NpyArray& expected = ref.layers.at("dense_4");
  ASSERT_EQ(values.size(), 3u);
  ASSERT_EQ(values[0].size(), 5u);
  std::vector<float> flat;
  for (const auto& pattern : values) {
    for (const auto& v : pattern) flat.push_back(v.get<float>());
  }
  EXPECT_LE(testing::relative_error(flat, expected.values), 1e-5);
}

TEST_F(Export, UnknownLayerNameIsAOneLineError) {
  const auto result = run({"--layers", "nope"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no layer named 'nope'"), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST_F(Export, RandomPatternsAreReproducibleAndUniform) {
  ASSERT_EQ(testing::run_cerebro({"export", testing::fixture(kModel).string(), "--patterns", "random:20:7", "--out",
                                  (dir / "a").string(), "--layers", "input_1"})
                .exit_code,
            0);
  ASSERT_EQ(testing::run_cerebro({"export", testing::fixture(kModel).string(), "--patterns", "random:20:7", "--out",
                                  (dir / "b").string(), "--layers", "input_1", "--batch", "3"})
                .exit_code,
            0);
  EXPECT_EQ(testing::read_text(dir / "a" / "input_1.npy"), testing::read_text(dir / "b" / "input_1.npy"));
  const io::NpyReader reader((dir / "a" / "input_1.npy").string());
  EXPECT_EQ(reader.shape(), (Shape{20, 50, 50}));
  std::vector<float> values(static_cast<size_t>(reader.element_count()));
  reader.read(0, reader.element_count(), values.data());
  double sum = 0;
  for (float v : values) {
    ASSERT_GE(v, 0.0f);
    ASSERT_LT(v, 1.0f);
    sum += v;
  }
  EXPECT_NEAR(sum / static_cast<double>(values.size()), 0.5, 0.01);  // 50,000 uniform samples
}

// Every file layers.json lists, compared with the reference output of the node it names.
void expect_index_matches(const std::filesystem::path& out, const testing::Reference& ref, size_t nodes) {
  const auto index = nlohmann::json::parse(testing::read_text(out / "layers.json"));
  ASSERT_EQ(index.at("layers").size(), nodes);
  for (const auto& entry : index["layers"]) {
    const std::string layer = entry.at("layer");
    const io::NpyReader reader((out / entry.at("file").get<std::string>()).string());
    const io::NpyArray& expected = ref.layers.at(layer);
    EXPECT_EQ(reader.shape(), expected.shape) << layer;
    std::vector<float> values(static_cast<size_t>(reader.element_count()));
    reader.read(0, reader.element_count(), values.data());
    EXPECT_LE(testing::relative_error(values, expected.values), 1e-5) << layer;
  }
}

TEST(ExportKeras3, SeveralInputsByNameAndSharedLayersPerCall) {
  const std::string model = "shared_keras3.keras";
  const testing::Reference ref = testing::load_reference(testing::fixture("ref"), model);
  testing::TempDir dir;
  const auto input = [&](const std::string& name) {
    return name + "=" + testing::fixture("ref/" + model + ".input." + name + ".npy").string();
  };
  // Inputs given in the other order than the model's: matched by name.
  const auto result = testing::run_cerebro({"export", testing::fixture(model).string(), "--patterns", input("right"),
                                            "--patterns", input("left"), "--out", (dir / "out").string(), "--batch", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_index_matches(dir / "out", ref, ref.layers.size());
  const auto index = nlohmann::json::parse(testing::read_text(dir / "out" / "layers.json"));
  EXPECT_EQ(index["patterns"].at("right"), testing::fixture("ref/" + model + ".input.right.npy").string());
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "shared_1.npy"));         // shared#1
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "tower_1_t_dense.npy"));  // tower#1/t_dense
}

TEST(ExportKeras3, WeightsFromAnotherFile) {
  const testing::Reference ref = testing::load_reference(testing::fixture("ref"), "wo_keras3.weights.h5");
  testing::TempDir dir;
  const auto result = testing::run_cerebro({"export", testing::fixture("wo_arch_keras3.keras").string(), "--weights",
                                            testing::fixture("wo_keras3.weights.h5").string(), "--patterns",
                                            testing::fixture("ref/wo_keras3.weights.h5.input.npy").string(), "--out",
                                            (dir / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  expect_index_matches(dir / "out", ref, ref.layers.size());
}

}  // namespace
}  // namespace cerebro
