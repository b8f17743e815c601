// `cerebro capture` end to end, headless: the PNG pages read back and checked pixel by pixel
// against the CPU backend's layer values through matplotlib's colormap tables.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "compute/cpu/cpu_backend.hpp"
#include "io/model_loader.hpp"
#include "io/npy.hpp"
#include "render/colormap.hpp"
#include "render/pixel_check.hpp"
#include "render/png_writer.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;
const std::string kModel = "article_tfkeras.h5";

class Capture : public ::testing::Test {
 protected:
  void SetUp() override {
    // Headless for real: no X server may be asked for anything.
    ::unsetenv("DISPLAY");
    const io::NpyReader reader(testing::fixture("ref/" + kModel + ".input.npy").string());  // (3, 50, 50)
    inputs.resize(static_cast<size_t>(reader.element_count()));
    reader.read(0, reader.element_count(), inputs.data());
    write_patterns(dir / "one.npy", std::vector<float>(inputs.begin(), inputs.begin() + 2500), 1);
  }

  static void write_patterns(const fs::path& path, const std::vector<float>& values, int64_t n) {
    io::NpyWriter writer(path.string(), {n, 50, 50});
    writer.append(values.data(), n * 2500);
    writer.finish();
  }

  testing::CommandResult capture(const std::string& patterns, std::vector<std::string> extra,
                                 const std::string& out = "out") {
    std::vector<std::string> args{"capture", testing::fixture(kModel).string(), "--patterns", patterns, "--out",
                                  (dir / out).string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_cerebro(args);
  }

  nlohmann::json state(const std::string& out = "out") {
    return nlohmann::json::parse(testing::read_text(dir / out / "capture.json"));
  }

  // Layer `name`'s output for pattern `p` of `patterns` ((n, 50, 50) values), from the CPU backend.
  static std::vector<float> cpu_output(const std::vector<float>& patterns, int64_t n, int64_t p,
                                       const std::string& name) {
    const model::Graph graph = io::load_model(testing::fixture(kModel).string());
    compute::CpuBackend backend;
    backend.plan(graph, n);
    const float* pointer = patterns.data();
    backend.run(std::span(&pointer, 1), n);
    const int layer = *graph.find(name);
    const int64_t size = element_count(graph.output_shape(layer));
    std::vector<float> all(static_cast<size_t>(n * size));
    backend.download(layer, all);
    return {all.begin() + p * size, all.begin() + (p + 1) * size};
  }

  // Every map pixel of every cell on `page` against the CPU values of pattern `p`.
  void expect_page_matches(const nlohmann::json& doc, const fs::path& png, const std::vector<float>& patterns,
                           int64_t n, int64_t p, size_t file_index) {
    const render::RgbImage image = render::read_png(png);
    const nlohmann::json& file = doc["files"][file_index];
    const auto table = render::colormap_table(doc["colormap"].get<std::string>());
    for (const auto& drawn : file["cells"]) {
      const nlohmann::json& cell = doc["cells"][drawn["cell"].get<size_t>()];
      const std::vector<float> values = cpu_output(patterns, n, p, cell["layer"]);
      const auto& r = cell["image_rect"];
      const render::Rect rect{r[0], r[1], r[2], r[3]};
      const auto& v = cell["view"];
      const auto check = testing::check_map_pixels(image, rect, values, v["rows"], v["cols"], v["count"],
                                                   drawn["range"][0], drawn["range"][1], table);
      EXPECT_EQ(check.mismatched, 0) << cell["title"] << ": " << check.first_mismatch;
      EXPECT_GT(check.checked, 0.9 * rect.w * rect.h) << cell["title"];
    }
  }

  testing::TempDir dir;
  std::vector<float> inputs;
};

TEST_F(Capture, ArticleModelGivesOnePageOfThreeTitledCells) {
  const auto result = capture((dir / "one.npy").string(), {});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(dir / "out" / "0.png"));
  EXPECT_FALSE(fs::exists(dir / "out" / "1.png"));
  const nlohmann::json doc = state();
  ASSERT_EQ(doc["cells"].size(), 3u);
  const std::vector<std::string> titles{"dense_1 (50, 75)", "my_dense (50, 50)", "dense_2 (50, 25)"};
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(doc["cells"][k]["title"], titles[k]);
    EXPECT_EQ(doc["cells"][k]["page"], 0);
    EXPECT_EQ(doc["cells"][k]["position"], nlohmann::json({0, k}));
  }
  EXPECT_EQ(doc["colormap"], "viridis");
  EXPECT_EQ(doc["normalization"]["mode"], "map");
  ASSERT_EQ(doc["files"].size(), 1u);
  EXPECT_EQ(doc["files"][0]["file"], "0.png");
  // Per-map autoscale: each range is the layer's own min and max for this pattern.
  for (size_t k = 0; k < 3; ++k) {
    const auto values = cpu_output(inputs, 1, 0, doc["cells"][k]["layer"]);
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    EXPECT_EQ(doc["files"][0]["cells"][k]["range"], nlohmann::json({*lo, *hi}));
  }
  expect_page_matches(doc, dir / "out" / "0.png", inputs, 1, 0, 0);

  // Titles: dark pixels in each cell's band above its map.
  const render::RgbImage image = render::read_png(dir / "out" / "0.png");
  for (const auto& cell : doc["cells"]) {
    const float x = cell["image_rect"][0];
    const float y = cell["image_rect"][1];
    const float w = cell["image_rect"][2];
    int dark = 0;
    for (int py = std::max(0, static_cast<int>(y) - 30); py < static_cast<int>(y); ++py) {
      for (int px = static_cast<int>(x); px < static_cast<int>(x + w); ++px) dark += image.at(px, py, 0) < 100;
    }
    EXPECT_GT(dark, 40) << cell["title"];
  }
}

TEST_F(Capture, WithoutColourBarsTheMapsTakeTheirColumn) {
  const std::string one = (dir / "one.npy").string();
  ASSERT_EQ(capture(one, {"--stretch"}, "bars").exit_code, 0);
  const auto result = capture(one, {"--stretch", "--no-colorbars"}, "plain");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json bars = state("bars");
  const nlohmann::json plain = state("plain");
  EXPECT_EQ(plain["pages"][0]["colorbars"], false);
  const render::RgbImage image = render::read_png(dir / "plain" / "0.png");
  for (size_t k = 0; k < 3; ++k) {
    const auto& with = bars["cells"][k];
    const auto& without = plain["cells"][k];
    EXPECT_EQ(without["colorbar_rect"], nlohmann::json({0, 0, 0, 0}));
    // Stretched, the map fills what the bar, its gaps and its labels used to take.
    EXPECT_GT(without["image_rect"][2].get<float>(), with["image_rect"][2].get<float>() + 40);
    // Nothing is drawn right of the map but the cell margin: background to the cell's edge.
    const int right = static_cast<int>(without["image_rect"][0].get<float>() + without["image_rect"][2].get<float>());
    const int top = static_cast<int>(without["image_rect"][1].get<float>());
    const int bottom = top + static_cast<int>(without["image_rect"][3].get<float>());
    int drawn = 0;
    for (int y = top; y < bottom; ++y) {
      for (int x = right + 1; x < std::min(image.width, right + 6); ++x) drawn += image.at(x, y, 0) != 255;
    }
    EXPECT_EQ(drawn, 0) << without["title"];
  }
  expect_page_matches(plain, dir / "plain" / "0.png", inputs, 1, 0, 0);
}

TEST_F(Capture, ThresholdAndGridChangeCellsAndPages) {
  const std::string one = (dir / "one.npy").string();
  ASSERT_EQ(capture(one, {"--limit", "49x49"}, "a").exit_code, 0);
  EXPECT_EQ(state("a")["cells"].size(), 2u);  // dense_2 (50, 25) drops out
  ASSERT_EQ(capture(one, {"--grid", "1x2"}, "b").exit_code, 0);
  EXPECT_EQ(state("b")["pages"].size(), 2u);
  EXPECT_TRUE(fs::exists(dir / "b" / "1.png"));
  EXPECT_FALSE(fs::exists(dir / "b" / "2.png"));
  ASSERT_EQ(capture(one, {"--grid", "1x1", "--size", "400x300"}, "c").exit_code, 0);
  EXPECT_EQ(state("c")["pages"].size(), 3u);
  EXPECT_EQ(render::read_png(dir / "c" / "2.png").width, 400);
  EXPECT_EQ(render::read_png(dir / "c" / "2.png").height, 300);
  expect_page_matches(state("c"), dir / "c" / "2.png", inputs, 1, 0, 2);

  const auto none = capture(one, {"--limit", "50x50"}, "d");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("--show maps"), std::string::npos) << none.err;
  EXPECT_EQ(std::count(none.err.begin(), none.err.end(), '\n'), 1) << none.err;
}

TEST_F(Capture, SeveralPatternsGoToNumberedFolders) {
  const auto result = capture(testing::fixture("ref/" + kModel + ".input.npy").string(), {"--batch", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (int p = 0; p < 3; ++p) EXPECT_TRUE(fs::exists(dir / "out" / std::to_string(p) / "0.png")) << p;
  EXPECT_FALSE(fs::exists(dir / "out" / "0.png"));
  const nlohmann::json doc = state();
  ASSERT_EQ(doc["files"].size(), 3u);
  EXPECT_EQ(doc["files"][2]["file"], "2/0.png");
  EXPECT_EQ(doc["patterns"]["count"], 3);
  expect_page_matches(doc, dir / "out" / "2" / "0.png", inputs, 3, 2, 2);
  EXPECT_NE(result.err.find("3/3 patterns"), std::string::npos) << result.err;  // the progress line
}

TEST_F(Capture, NonFiniteInputsAreDrawnAndCounted) {
  std::vector<float> pattern(inputs.begin(), inputs.begin() + 2500);
  pattern[7] = NAN;
  pattern[60] = NAN;
  pattern[2499] = INFINITY;
  write_patterns(dir / "nan.npy", pattern, 1);
  const auto result = capture((dir / "nan.npy").string(), {"--input"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json doc = state();
  EXPECT_EQ(doc["cells"][0]["title"], "input_1 (50, 50)");
  EXPECT_EQ(doc["files"][0]["cells"][0]["nan"], 2);
  EXPECT_EQ(doc["files"][0]["cells"][0]["pos_inf"], 1);
  expect_page_matches(doc, dir / "out" / "0.png", pattern, 1, 0, 0);
}

TEST_F(Capture, ColormapAndNormalisationAreApplied) {
  const auto result = capture((dir / "one.npy").string(), {"--cmap", "coolwarm", "--norm", "symmetric"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json doc = state();
  EXPECT_EQ(doc["colormap"], "coolwarm");
  for (const auto& c : doc["files"][0]["cells"]) {
    EXPECT_EQ(c["range"][0].get<float>(), -c["range"][1].get<float>());
  }
  expect_page_matches(doc, dir / "out" / "0.png", inputs, 1, 0, 0);
}

TEST_F(Capture, SetNormalisationIsOneRangePerLayerOverAllPatterns) {
  const auto result = capture(testing::fixture("ref/" + kModel + ".input.npy").string(), {"--norm", "set"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json doc = state();
  ASSERT_EQ(doc["files"].size(), 3u);
  for (size_t k = 0; k < doc["cells"].size(); ++k) {
    float lo = INFINITY;
    float hi = -INFINITY;
    for (int64_t p = 0; p < 3; ++p) {
      const auto values = cpu_output(inputs, 3, p, doc["cells"][k]["layer"]);
      lo = std::min(lo, *std::min_element(values.begin(), values.end()));
      hi = std::max(hi, *std::max_element(values.begin(), values.end()));
    }
    for (const auto& file : doc["files"]) EXPECT_EQ(file["cells"][k]["range"], nlohmann::json({lo, hi})) << k;
  }
  expect_page_matches(doc, dir / "out" / "1" / "0.png", inputs, 3, 1, 1);
}

TEST_F(Capture, PerLayerPagesAndTheArchitectureDiagram) {
  const auto result = capture((dir / "one.npy").string(), {"--per-layer", "--plot-model"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* file : {"0_input_1.png", "1_dense_1.png", "2_my_dense.png", "3_dense_2.png", "4_dense_3.png",
                           "5_flatten_1.png", "6_dense_4.png", "article_functional neural network architecture.png"}) {
    EXPECT_GT(render::read_png(dir / "out" / file).width, 0) << file;
  }
  EXPECT_EQ(state()["pages"].size(), 7u);
}

TEST_F(Capture, BadOptionsAreOneLineErrors) {
  const std::string one = (dir / "one.npy").string();
  for (const std::vector<std::string>& extra : std::vector<std::vector<std::string>>{
           {"--grid", "0x3"}, {"--size", "100"}, {"--cmap", "jet"}, {"--norm", "fixed:1,0"}, {"--layers", "nope"}}) {
    const auto result = capture(one, extra);
    EXPECT_EQ(result.exit_code, 2) << extra[0] << ": " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
}

}  // namespace
}  // namespace cerebro
