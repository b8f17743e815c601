// `cerebro capture` of a model with two inputs (shared_keras3.keras: inputs `left` and `right`,
// (8,) each), checked against Keras' own outputs of every layer, and `capture --state capture.json`,
// which draws a whole capture again, checked pixel for pixel against the first.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "io/npy.hpp"
#include "render/colormap.hpp"
#include "render/pixel_check.hpp"
#include "render/png_writer.hpp"
#include "support/reference.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;
const std::string kModel = "shared_keras3.keras";

class CaptureInputs : public ::testing::Test {
 protected:
  void SetUp() override { ::unsetenv("DISPLAY"); }

  static std::string model() { return testing::fixture(kModel).string(); }
  static std::string input(const std::string& name) {
    return testing::fixture("ref/" + kModel + ".input." + name + ".npy").string();
  }
  static std::string both_flag(const std::string& name) { return name + "=" + input(name); }

  testing::CommandResult capture(std::vector<std::string> patterns, const std::vector<std::string>& extra,
                                 const std::string& out) {
    std::vector<std::string> args{"capture", model(), "--out", (dir / out).string()};
    for (const std::string& spec : patterns) args.insert(args.end(), {"--patterns", spec});
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_cerebro(args);
  }

  nlohmann::json state(const std::string& out) {
    return nlohmann::json::parse(testing::read_text(dir / out / "capture.json"));
  }

  // Every recorded page of `out` equals the same page of `again`, pixel for pixel.
  void expect_same_pages(const std::string& out, const std::string& again) {
    const nlohmann::json doc = state(out);
    ASSERT_FALSE(doc["files"].empty());
    for (const auto& file : doc["files"]) {
      const render::RgbImage a = render::read_png(dir / out / file["file"].get<std::string>());
      const render::RgbImage b = render::read_png(dir / again / file["file"].get<std::string>());
      EXPECT_EQ(a.width, b.width);
      EXPECT_EQ(a.height, b.height);
      EXPECT_TRUE(a.rgb == b.rgb) << file["file"];
    }
    EXPECT_EQ(state(again), doc);  // the same cells, ranges and counts, recorded alike
  }

  testing::TempDir dir;
};

// Each cell, of each pattern, against Keras' output of that layer for that pattern: the recorded
// range and counts, and every map pixel through the colormap.
TEST_F(CaptureInputs, EveryCellIsKerasOutputForBothInputs) {
  const auto result =
      capture({both_flag("right"), both_flag("left")}, {"--show", "all", "--input", "--grid", "3x4"}, "out");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const testing::Reference ref = testing::load_reference(testing::fixture("ref"), kModel);
  const nlohmann::json doc = state("out");
  ASSERT_EQ(doc["pages"].size(), 1u);
  ASSERT_EQ(doc["cells"].size(), ref.layers.size());  // every node, both inputs included
  EXPECT_EQ(doc["cells"][0]["title"], "left (8,)");   // one input cell per input, in the model's order
  EXPECT_EQ(doc["cells"][1]["title"], "right (8,)");
  EXPECT_EQ(doc["patterns"]["count"], 3);
  EXPECT_EQ(doc["patterns"]["source"]["right"], input("right"));
  EXPECT_EQ(doc["patterns"]["inputs"][0],
            nlohmann::json({{"name", "left"}, {"source", input("left")}, {"spec", input("left")}}));
  EXPECT_EQ(doc["patterns"]["inputs"][1]["spec"], input("right"));
  ASSERT_EQ(doc["files"].size(), 3u);
  const auto table = render::colormap_table("viridis");
  for (int64_t p = 0; p < 3; ++p) {
    const nlohmann::json& file = doc["files"][static_cast<size_t>(p)];
    EXPECT_EQ(file["file"], std::to_string(p) + "/0.png");
    const render::RgbImage image = render::read_png(dir / "out" / file["file"].get<std::string>());
    for (const auto& drawn : file["cells"]) {
      const nlohmann::json& cell = doc["cells"][drawn["cell"].get<size_t>()];
      const io::NpyArray& keras = ref.layers.at(cell["layer"].get<std::string>());
      const int64_t size = keras.shape[1];
      const std::vector<float> values(keras.values.begin() + p * size, keras.values.begin() + (p + 1) * size);
      const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
      const float scale = std::max(std::fabs(*lo), std::fabs(*hi));
      EXPECT_EQ(drawn["finite"], size) << cell["title"];
      EXPECT_NEAR(drawn["min_max"][0].get<float>(), *lo, 1e-5 * scale) << cell["title"] << " pattern " << p;
      EXPECT_NEAR(drawn["min_max"][1].get<float>(), *hi, 1e-5 * scale) << cell["title"] << " pattern " << p;
      const auto& r = cell["image_rect"];
      const auto& v = cell["view"];
      const auto check = testing::check_map_pixels(image, {r[0], r[1], r[2], r[3]}, values, v["rows"], v["cols"],
                                                   v["count"], drawn["range"][0], drawn["range"][1], table);
      EXPECT_EQ(check.mismatched, 0) << cell["title"] << " pattern " << p << ": " << check.first_mismatch;
      EXPECT_GT(check.checked, 0) << cell["title"];
    }
  }
}

TEST_F(CaptureInputs, WithoutPatternsEveryInputIsRandom) {
  const auto result = capture({}, {"--show", "all", "--input"}, "out");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json doc = state("out");
  EXPECT_EQ(doc["patterns"]["count"], 1);
  for (const auto& entry : doc["patterns"]["inputs"]) EXPECT_EQ(entry["spec"], "random") << entry;
  // random:1:0 for each: U[0, 1) values, the same for both inputs of the same shape.
  const auto& cells = doc["files"][0]["cells"];
  EXPECT_EQ(cells[0]["min_max"], cells[1]["min_max"]);
  EXPECT_GE(cells[0]["min_max"][0].get<float>(), 0.0f);
  EXPECT_LT(cells[0]["min_max"][1].get<float>(), 1.0f);
}

TEST_F(CaptureInputs, PatternsThatDoNotNameEveryInputOrDisagreeInCountAreOneLine) {
  struct Case {
    std::vector<std::string> patterns;
    std::string says;
  };
  const std::vector<Case> cases{
      {{input("left")}, "the model's inputs are left, right: give --patterns NAME=SRC for each"},
      {{both_flag("left")}, "--patterns: no patterns for input 'right'"},
      {{both_flag("left"), "middle=random"}, "--patterns middle=random: the model's inputs are left, right"},
      {{both_flag("left"), both_flag("left")}, "input 'left' is given twice"},
      {{both_flag("left"), "right=random:2"},
       "--patterns right=random:2: input 'right' has 2 patterns, input 'left' has 3 (--patterns " + both_flag("left") +
           "): every input needs as many"},
  };
  for (const Case& c : cases) {
    const auto result = capture(c.patterns, {"--show", "all"}, "out");
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_EQ(result.err.rfind("cerebro: ", 0), 0u) << result.err;
    EXPECT_NE(result.err.find(c.says), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(dir / "out")) << c.says;
  }
}

TEST_F(CaptureInputs, StateDrawsEveryPageAgainPixelForPixel) {
  const auto result = capture({both_flag("left"), both_flag("right")},
                              {"--show", "all", "--input", "--first", "1", "--count", "2", "--scale", "0.5", "--cmap",
                               "magma", "--norm", "layer", "--grid", "2x3", "--size", "640x480", "--batch", "1"},
                              "out");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json doc = state("out");
  EXPECT_EQ(doc["patterns"]["options"]["first"], 1);
  EXPECT_EQ(doc["patterns"]["options"]["scale"], 0.5);
  EXPECT_EQ(doc["batch"], 1);
  const auto again = testing::run_cerebro(
      {"capture", "--state", (dir / "out" / "capture.json").string(), "--out", (dir / "again").string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("drawn again from"), std::string::npos) << again.out;
  expect_same_pages("out", "again");
  // --scale 0.5 was applied again: the input cells' recorded maxima are half the file's.
  const testing::Reference ref = testing::load_reference(testing::fixture("ref"), kModel);
  const io::NpyArray& left = ref.layers.at("left");
  const float largest = static_cast<float>(*std::max_element(left.values.begin() + 8, left.values.begin() + 16));
  EXPECT_EQ(state("again")["files"][0]["cells"][0]["min_max"][1].get<float>(), 0.5f * largest);
}

TEST_F(CaptureInputs, StateOfAOneInputCaptureDrawsItAgain) {
  const std::string patterns = testing::fixture("ref/article_tfkeras.h5.input.npy").string();
  const auto result =
      testing::run_cerebro({"capture", testing::fixture("article_tfkeras.h5").string(), "--patterns", patterns,
                            "--input", "--invert", "--norm", "percentile:2,98", "--out", (dir / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(state("out")["patterns"]["source"], patterns);  // one input: a plain description, as before
  const auto again = testing::run_cerebro(
      {"capture", "--state", (dir / "out" / "capture.json").string(), "--out", (dir / "again").string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  expect_same_pages("out", "again");
}

TEST_F(CaptureInputs, StateThatCannotBeDrawnAgainIsOneLine) {
  ASSERT_EQ(capture({both_flag("left"), both_flag("right")}, {"--show", "all"}, "out").exit_code, 0);
  const nlohmann::json doc = state("out");
  auto expect_refused = [&](nlohmann::json edited, const std::string& says) {
    testing::write_bytes(dir / "edited.json", edited.dump());
    const auto result =
        testing::run_cerebro({"capture", "--state", (dir / "edited.json").string(), "--out", (dir / "again").string()});
    EXPECT_EQ(result.exit_code, 2) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_NE(result.err.find((dir / "edited.json").string() + ": " + says), std::string::npos) << result.err;
    EXPECT_FALSE(fs::exists(dir / "again")) << says;
  };
  nlohmann::json old = doc;
  old["version"] = 1;
  expect_refused(old, "written before capture.json recorded how its patterns were opened");
  nlohmann::json unknown = doc;
  unknown["patterns"]["inputs"][1]["spec"] = nullptr;
  expect_refused(unknown, "does not record what input 'right' was opened from");
  nlohmann::json renamed = doc;
  renamed["patterns"]["inputs"][1]["name"] = "other";
  expect_refused(renamed, "records the inputs left, other but the model's inputs are now left, right");
  nlohmann::json broken = doc;
  broken["display"].erase("show");
  expect_refused(broken, "a field is missing or of the wrong type");
}

TEST_F(CaptureInputs, TheViewerRefusesSeveralInputsInOneLine) {
  const auto result = testing::run_cerebro({"view", model(), "--frames", "1", "--shots", (dir / "shots").string()});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err, "cerebro: " + model() + ": viewing models with several inputs is not supported yet\n");
}

}  // namespace
}  // namespace cerebro
