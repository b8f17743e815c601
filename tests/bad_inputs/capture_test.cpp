// Bad inputs met by `cerebro capture` and `cerebro view` (headless, EGL): non-finite patterns drawn
// in their colours with their counts, output folders and file names, no display (rows C* of README.md).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>

#include "bad_inputs/bad_input_util.hpp"
#include "io/npy.hpp"
#include "io/npz.hpp"
#include "render/colormap.hpp"
#include "render/pixel_check.hpp"
#include "render/png_writer.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;
using testing::expect_one_line_error;

class BadCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    // Headless for real: no X server may be asked for anything.
    ::unsetenv("DISPLAY");
    ::unsetenv("WAYLAND_DISPLAY");
  }
  static nlohmann::json json_of(const fs::path& path) { return nlohmann::json::parse(testing::read_text(path)); }

  testing::TempDir dir;
  std::string article = testing::fixture("article_tfkeras.h5").string();
  std::string nonfinite = testing::fixture("bad/nonfinite_article.input.npy").string();
};

struct Counts {
  int64_t nan = 0, pos_inf = 0, neg_inf = 0;
};

Counts count_non_finite(const std::vector<double>& values) {
  Counts c;
  for (double v : values) {
    c.nan += std::isnan(v);
    c.pos_inf += std::isinf(v) && v > 0;
    c.neg_inf += std::isinf(v) && v < 0;
  }
  return c;
}

// Pixels of exactly `color` in the status strip under a map, where the counts are drawn.
int swatch_pixels(const render::RgbImage& image, const nlohmann::json& rect, int label_px, const render::Rgb& color) {
  const int x0 = static_cast<int>(rect[0].get<float>());
  const int x1 = x0 + static_cast<int>(rect[2].get<float>());
  const int y0 = static_cast<int>(rect[1].get<float>() + rect[3].get<float>()) + 1;
  const int y1 = std::min(image.height, y0 + 3 * label_px);
  int found = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      found += image.at(x, y, 0) == color[0] && image.at(x, y, 1) == color[1] && image.at(x, y, 2) == color[2];
    }
  }
  return found;
}

TEST_F(BadCapture, NonFinitePatternsAreComputedLikeKerasAndDrawnInTheirColours) {
  // NaN, +Inf and -Inf in the input spread through the Dense rows (+Inf meeting -Inf gives NaN).
  const auto keras = io::read_npz(testing::fixture("bad/nonfinite_article.keras_outputs.npz"));
  ASSERT_EQ(
      testing::run_cerebro({"export", article, "--patterns", nonfinite, "--out", (dir / "values").string()}).exit_code,
      0);
  for (const auto& [layer, expected] : keras) {
    const io::NpyReader reader((dir / "values" / (layer + ".npy")).string());
    std::vector<float> values(static_cast<size_t>(reader.element_count()));
    reader.read(0, reader.element_count(), values.data());
    ASSERT_EQ(values.size(), expected.values.size()) << layer;
    for (size_t i = 0; i < values.size(); ++i) {
      const double want = expected.values[i];
      if (std::isfinite(want)) {
        EXPECT_NEAR(values[i], want, 1e-5 * std::max(1.0, std::abs(want))) << layer << "[" << i << "]";
      } else {
        EXPECT_EQ(std::isnan(values[i]), std::isnan(want)) << layer << "[" << i << "]";
        if (!std::isnan(want)) {
          EXPECT_EQ(values[i], want) << layer << "[" << i << "]";
        }
      }
    }
  }

  const auto result =
      testing::run_cerebro({"capture", article, "--patterns", nonfinite, "--input", "--out", (dir / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json doc = json_of(dir / "out" / "capture.json");
  const render::RgbImage page = render::read_png(dir / "out" / "0.png");
  const auto table = render::colormap_table(doc["colormap"].get<std::string>());
  const int label_px = doc["pages"][0]["label_px"];
  ASSERT_EQ(doc["files"][0]["cells"].size(), 4u);  // input_1, dense_1, my_dense, dense_2
  for (const auto& drawn : doc["files"][0]["cells"]) {
    const nlohmann::json& cell = doc["cells"][drawn["cell"].get<size_t>()];
    const std::string layer = cell["layer"];
    SCOPED_TRACE(layer);
    const Counts want = count_non_finite(keras.at(layer).values);
    EXPECT_EQ(drawn["nan"], want.nan);
    EXPECT_EQ(drawn["pos_inf"], want.pos_inf);
    EXPECT_EQ(drawn["neg_inf"], want.neg_inf);
    EXPECT_GT(want.nan, 0);
    // Every map pixel, NaN magenta, +Inf green, -Inf cyan, the rest through the colormap.
    const io::NpyReader reader((dir / "values" / (layer + ".npy")).string());
    std::vector<float> values(static_cast<size_t>(reader.element_count()));
    reader.read(0, reader.element_count(), values.data());
    const auto& r = cell["image_rect"];
    const auto& v = cell["view"];
    const auto check = testing::check_map_pixels(page, {r[0], r[1], r[2], r[3]}, values, v["rows"], v["cols"],
                                                 v["count"], drawn["range"][0], drawn["range"][1], table);
    EXPECT_EQ(check.mismatched, 0) << check.first_mismatch;
    EXPECT_GT(check.checked, 0.9 * r[2].get<double>() * r[3].get<double>());
    // The legend under the map: a swatch of each colour that occurs, none of one that does not.
    for (const auto& [count, color] :
         {std::pair{want.nan, render::kNanColor}, std::pair{want.pos_inf, render::kPosInfColor},
          std::pair{want.neg_inf, render::kNegInfColor}}) {
      const int pixels = swatch_pixels(page, r, label_px, color);
      if (count > 0) {
        EXPECT_GT(pixels, 4) << int{color[0]} << "," << int{color[1]} << "," << int{color[2]};
      } else {
        EXPECT_EQ(pixels, 0) << int{color[0]} << "," << int{color[1]} << "," << int{color[2]};
      }
    }
  }
}

TEST_F(BadCapture, OutFolderThatCannotBeMade) {
  testing::write_bytes(dir / "file", "x");
  const fs::path out = dir / "file" / "out";
  expect_one_line_error(testing::run_cerebro({"capture", article, "--out", out.string()}),
                        {2, out.string(), "cannot create the output folder: Not a directory"});
  EXPECT_EQ(testing::tree(dir.path()), std::set<std::string>{"file"});
}

TEST_F(BadCapture, PageThatCannotBeWrittenIsOneLineAndNoCaptureJson) {
  fs::create_directories(dir / "out" / "0.png");  // a folder squats on the page's name
  const auto result = testing::run_cerebro({"capture", article, "--out", (dir / "out").string()});
  expect_one_line_error(result, {2, (dir / "out" / "0.png").string(), ""});
  EXPECT_FALSE(fs::exists(dir / "out" / "capture.json"));  // only a finished capture has one
}

TEST_F(BadCapture, LinkPlantedUnderAPageNameIsNotFollowed) {
  // A page is written as NAME.png.part and renamed: a link planted under the temporary's name
  // pointing outside --out is refused, never written through.
  testing::write_bytes(dir / "outside.txt", "keep\n");
  fs::create_directories(dir / "out");
  fs::create_symlink("../outside.txt", dir / "out" / "0.png.part");
  const auto result = testing::run_cerebro({"capture", article, "--out", (dir / "out").string()});
  expect_one_line_error(result, {2, (dir / "out" / "0.png.part").string(), "is a symbolic link; refusing to write through it"});
  EXPECT_EQ(testing::read_text(dir / "outside.txt"), "keep\n");
}

TEST_F(BadCapture, DiskFillingUpDuringCaptureIsOneLineAndLeavesNoWholeLookingFile) {
  // Pages of 1000x1000 px cannot stay under 8 KiB (RLIMIT_FSIZE, as a full disk): the first page
  // written fails. Pages are written as NAME.png.part and renamed when whole, capture.json only at
  // the end, so nothing left behind looks like a finished page or capture.
  const fs::path out = dir / "out";
  const auto result = testing::run_cerebro_limited(
      {"capture", article, "--patterns", "random:3", "--out", out.string()}, {.max_file_bytes = 8192});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  const std::string last = result.err.substr(result.err.rfind('\n', result.err.size() - 2) + 1);
  // The encoder threads decide which page fails first.
  EXPECT_TRUE(std::regex_match(last, std::regex("cerebro: " + out.string() + "/[0-2]/0\\.png: cannot write: File too large\n")))
      << last;
  for (const std::string& file : testing::tree(out)) {
    EXPECT_FALSE(file.ends_with(".png") || file.ends_with(".json")) << file;
  }
}

TEST_F(BadCapture, PerLayerPageNamesNeverLeaveTheFolder) {
  const fs::path work = dir / "a" / "b";
  fs::create_directories(work);
  const auto result = testing::run_cerebro({"capture", testing::fixture("bad/evil_names_keras3.keras").string(),
                                            "--per-layer", "--out", (work / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(fs::exists("/tmp/cerebro-evil"));
  const std::set<std::string> files = testing::tree(work / "out");
  EXPECT_EQ(testing::tree(dir.path()).size(), 3 + files.size());
  EXPECT_EQ(files.size(), 7u);  // six pages + capture.json
  const std::regex safe("[0-9]+_[A-Za-z0-9_][A-Za-z0-9._-]*\\.png|capture\\.json");
  for (const std::string& file : files) {
    EXPECT_TRUE(std::regex_match(file, safe)) << file;
    if (file.ends_with(".png")) {
      EXPECT_GT(render::read_png(work / "out" / file).width, 0) << file;
    }
  }
}

TEST_F(BadCapture, NulInALayerNameIsEscapedInTheArchitectureDiagram) {
  // The DOT text handed to Graphviz would end at the NUL of layer "a/b<NUL>c": it is written \x00.
  const auto result = testing::run_cerebro({"capture", testing::fixture("bad/evil_names_keras3.keras").string(),
                                            "--show", "all", "--plot-model", "--out", (dir / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("Graphviz"), std::string::npos) << result.err;
  EXPECT_GT(render::read_png(dir / "out" / "_._.._evil_model neural network architecture.png").height, 0);
}

TEST_F(BadCapture, ModelNameNeverLeavesTheFolderThroughPlotModel) {
  // The model is named "../../evil_model": Keras' "<name> neural network architecture.png".
  const fs::path work = dir / "a" / "b";
  fs::create_directories(work);
  const auto result = testing::run_cerebro({"capture", testing::fixture("bad/evil_model_name_keras3.keras").string(),
                                            "--per-layer", "--plot-model", "--out", (work / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_GT(render::read_png(work / "out" / "_._.._evil_model neural network architecture.png").height, 0);
  EXPECT_EQ(testing::tree(dir.path()).size(), 3 + testing::tree(work / "out").size());
}

TEST_F(BadCapture, BuffersBeyondMemoryAreRefusedBeforeAllocating) {
  const std::string model = testing::fixture("bad/huge_buffers_keras3.keras").string();
  const auto result =
      testing::run_cerebro_limited({"capture", model, "--show", "all", "--out", (dir / "out").string()}, {});
  expect_one_line_error(result, {2, model + ": layer 'up0' (UpSampling2D)", "refused before allocating"});
  EXPECT_LT(result.max_rss_kib, 512 * 1024);
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST_F(BadCapture, ViewWithoutADisplaySaysSoInOneLineAndWritesTheSamePageHeadless) {
  const auto view =
      testing::run_cerebro({"view", article, "--patterns", "random:5:3", "--shots", (dir / "shots").string()});
  ASSERT_EQ(view.exit_code, 0) << view.err;
  EXPECT_EQ(std::count(view.out.begin(), view.out.end(), '\n'), 1) << view.out;
  EXPECT_NE(view.out.find("no display"), std::string::npos) << view.out;
  EXPECT_NE(view.out.find((dir / "shots" / "headless").string()), std::string::npos) << view.out;
  // The page of pattern 0 of random:5:3, as `cerebro capture` draws it.
  const auto capture =
      testing::run_cerebro({"capture", article, "--patterns", "random:1:3", "--out", (dir / "cap").string()});
  ASSERT_EQ(capture.exit_code, 0) << capture.err;
  const render::RgbImage headless = render::read_png(dir / "shots" / "headless" / "0.png");
  const render::RgbImage expected = render::read_png(dir / "cap" / "0.png");
  EXPECT_EQ(headless.width, 1000);
  EXPECT_EQ(headless.rgb, expected.rgb);
}

}  // namespace
}  // namespace cerebro
