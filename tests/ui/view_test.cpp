// The live window end to end under Xvfb (Mesa's llvmpipe gives a GL 4.5 core context): scripted
// runs step patterns and change the grid, and a screenshot must equal, pixel for pixel, the page
// `cerebro capture --state` draws from the screenshot's sidecar.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "io/npz.hpp"
#include "render/png_writer.hpp"
#include "support/test_support.hpp"
#include "ui/view_support.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;

class View : public ::testing::Test {
 protected:
  void SetUp() override {
    xvfb_run = testing::find_on_path("xvfb-run");
    ASSERT_FALSE(xvfb_run.empty()) << "xvfb-run is missing: scripts/install-deps installs xvfb";
    // Scripted runs must not touch the saved settings: point XDG_CONFIG_HOME at an empty folder.
    ::setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
  }

  // Runs `cerebro view ARGS` in a fresh Xvfb; returns the exit code, output in `log`.
  int view(const std::vector<std::string>& args) {
    std::string command = testing::shell_quoted(xvfb_run) + " -a -s '-screen 0 1280x1024x24' " +
                          testing::shell_quoted(CEREBRO_BINARY) + " view";
    for (const std::string& a : args) command += " " + testing::shell_quoted(a);
    command += " > " + testing::shell_quoted((dir / "view.log").string()) + " 2>&1";
    const int status = std::system(command.c_str());
    log = testing::read_text(dir / "view.log");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  nlohmann::json sidecar(const fs::path& png) {
    std::ifstream in(png.string() + ".json");
    return nlohmann::json::parse(in);
  }

  // The screenshot against capture --state of its sidecar: every pixel equal.
  void expect_capture_equal(const fs::path& shot) {
    const fs::path out = dir / ("capture-" + shot.stem().string());
    const testing::CommandResult r = testing::run_cerebro({"capture", "--state", shot.string() + ".json", "--out", out.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const render::RgbImage a = render::read_png(shot);
    const render::RgbImage b = render::read_png(out / sidecar(shot).at("page_file").get<std::string>());
    ASSERT_EQ(a.width, b.width);
    ASSERT_EQ(a.height, b.height);
    size_t differing = 0, background = 0;
    for (size_t i = 0; i < a.rgb.size(); ++i) differing += a.rgb[i] != b.rgb[i] ? 1 : 0;
    for (size_t i = 0; i < a.rgb.size(); ++i) background += a.rgb[i] == 255 ? 1 : 0;
    EXPECT_EQ(differing, 0u);
    EXPECT_LT(background, a.rgb.size() * 9 / 10) << "the shot must show maps, not an empty page";
  }

  testing::TempDir dir;
  std::string xvfb_run;
  std::string log;
};

TEST_F(View, ScreenshotAfterSteppingAndRegriddingEqualsCaptureOfItsState) {
  const fs::path shot = dir / "article.png";
  ASSERT_EQ(view({testing::fixture("article_tfkeras.h5").string(), "--patterns", "random:6:7", "--size", "640x480",
                  "--frames", "4", "--set", "pattern=3", "--set", "grid=1x3", "--set", "limit=9x9", "--set",
                  "page=1", "--set", "colormap=magma", "--screenshot", shot.string()}),
            0)
      << log;
  const nlohmann::json state = sidecar(shot);
  EXPECT_EQ(state.at("pattern"), 3);
  EXPECT_EQ(state.at("grid"), nlohmann::json({1, 3}));
  EXPECT_EQ(state.at("limit"), nlohmann::json({9, 9}));
  EXPECT_EQ(state.at("size"), nlohmann::json({640, 480}));
  // limit 9x9 adds dense_3 (50, 10) to the article's three: page 1 of a 1x3 grid holds it alone.
  EXPECT_EQ(state.at("page"), 1);
  ASSERT_EQ(state.at("cells").size(), 1u);
  EXPECT_EQ(state.at("cells").at(0).at("layer"), "dense_3");
  expect_capture_equal(shot);
}

TEST_F(View, ColourBarsOffAreInTheSidecarAndReproducedByCapture) {
  const fs::path shot = dir / "plain.png";
  ASSERT_EQ(view({testing::fixture("article_tfkeras.h5").string(), "--patterns", "random:3:2", "--size", "640x480",
                  "--frames", "2", "--set", "colorbars=false", "--screenshot", shot.string()}),
            0)
      << log;
  EXPECT_EQ(sidecar(shot).at("colorbars"), false);
  expect_capture_equal(shot);
  // The same view with bars differs: the switch reached the drawing.
  const fs::path barred = dir / "bars.png";
  ASSERT_EQ(view({testing::fixture("article_tfkeras.h5").string(), "--patterns", "random:3:2", "--size", "640x480",
                  "--frames", "2", "--screenshot", barred.string()}),
            0)
      << log;
  EXPECT_NE(render::read_png(shot).rgb, render::read_png(barred).rgb);
}

TEST_F(View, PlayingStreamsOnePatternPerFrame) {
  const fs::path shot = dir / "play.png";
  ASSERT_EQ(view({testing::fixture("article_tfkeras.h5").string(), "--patterns", "random:10:1", "--size", "600x220",
                  "--play", "--no-vsync", "--frames", "4", "--set", "grid=1x3", "--screenshot", shot.string()}),
            0)
      << log;
  EXPECT_EQ(sidecar(shot).at("pattern"), 4);
  expect_capture_equal(shot);
}

TEST_F(View, CnnSwitchesToMapsAndTheShotStillMatchesCapture) {
  const fs::path shot = dir / "cnn.png";
  ASSERT_EQ(view({(fs::path(CEREBRO_TEST_FIXTURES) / "../../assets/models/fashion_cnn.h5").string(), "--patterns", "random:3:0", "--size", "600x600", "--frames", "3",
                  "--set", "norm=layer", "--screenshot", shot.string()}),
            0)
      << log;
  EXPECT_EQ(sidecar(shot).at("show"), "maps");
  expect_capture_equal(shot);
}

TEST_F(View, ZoomedCellEqualsItsPageOfAOneByOneCapture) {
  const fs::path shot = dir / "zoom.png";
  ASSERT_EQ(view({testing::fixture("article_tfkeras.h5").string(), "--patterns", "random:2:5", "--size", "400x300",
                  "--frames", "3", "--set", "zoom=2", "--screenshot", shot.string()}),
            0)
      << log;
  const nlohmann::json state = sidecar(shot);
  EXPECT_EQ(state.at("grid"), nlohmann::json({1, 1}));
  EXPECT_EQ(state.at("page_file"), "2.png");
  EXPECT_EQ(state.at("cells").at(0).at("layer"), "dense_2");
  expect_capture_equal(shot);
}

// The window draws the page straight into its own framebuffer every frame (no offscreen page
// and blit); with the overlay hidden, a shot of the window (screenshot_overlay reads the back
// buffer) must still be capture's page, pixel for pixel, upright. A CNN's maps: nine cells.
TEST_F(View, TheWindowItselfShowsCapturesPage) {
  const fs::path shot = dir / "window.png";
  ASSERT_EQ(view({(fs::path(CEREBRO_TEST_FIXTURES) / "../../assets/models/fashion_cnn.h5").string(), "--patterns",
                  "random:5:0", "--size", "600x600", "--play", "--no-vsync", "--frames", "3", "--set", "overlay=false",
                  "--set", "screenshot_overlay=true", "--set", "colormap=magma", "--screenshot", shot.string()}),
            0)
      << log;
  EXPECT_EQ(sidecar(shot).at("pattern"), 3) << "one pattern per frame";
  expect_capture_equal(shot);
}

// A broken model and an unwritable screenshot folder: errors (overlay and stderr), the run goes on
// with the previous model.
TEST_F(View, ErrorsKeepThePreviousModelAndTheViewerRunning) {
  testing::write_bytes(dir / "broken.h5", "not an HDF5 file");
  const fs::path shot = dir / "after.png";
  ASSERT_EQ(view({testing::fixture("article_tfkeras.h5").string(), "--frames", "4", "--size", "300x300", "--set",
                  "load=" + (dir / "broken.h5").string(), "--set", "shots=/proc/cerebro-cannot-write", "--set",
                  "screenshot=true", "--screenshot", shot.string()}),
            0)
      << log;
  EXPECT_NE(log.find("broken.h5"), std::string::npos) << log;
  EXPECT_NE(log.find("previous model stays loaded"), std::string::npos) << log;
  EXPECT_NE(log.find("/proc/cerebro-cannot-write"), std::string::npos) << log;
  EXPECT_EQ(sidecar(shot).at("model"), testing::fixture("article_tfkeras.h5").string());
}

TEST_F(View, NoSettingsAreWrittenByScriptedRuns) {
  ASSERT_EQ(view({testing::fixture("article_tfkeras.h5").string(), "--frames", "2"}), 0) << log;
  EXPECT_FALSE(fs::exists(dir / "config" / "cerebro" / "view.json"));
  EXPECT_FALSE(fs::exists(dir / "config" / "cerebro" / "imgui.ini"));
}

// Saved settings (as an interactive run leaves them) are not read by a scripted run either, and
// the folder holds afterwards exactly what it held before.
TEST_F(View, ScriptedRunsIgnoreSavedSettings) {
  const fs::path saved = dir / "config" / "cerebro" / "view.json";
  fs::create_directories(saved.parent_path());
  const std::string settings = R"({"rows": 1, "cols": 1, "colormap": "magma", "threshold_rows": 40})";
  testing::write_bytes(saved, settings);
  const fs::path shot = dir / "plain.png";
  ASSERT_EQ(view({testing::fixture("article_tfkeras.h5").string(), "--frames", "2", "--size", "300x300",
                  "--screenshot", shot.string()}),
            0)
      << log;
  const nlohmann::json state = sidecar(shot);
  EXPECT_EQ(state.at("grid"), nlohmann::json({3, 3}));
  EXPECT_EQ(state.at("colormap"), "viridis");
  EXPECT_EQ(state.at("limit"), nlohmann::json({15, 15}));
  EXPECT_EQ(testing::read_text(saved), settings);
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::recursive_directory_iterator(dir / "config")) ++entries;
  EXPECT_EQ(entries, 2u) << "config/cerebro and its view.json, nothing more";
}

// NaN, +Inf and -Inf in the pattern (tools/make_bad_fixtures.py, with tf.keras' outputs): the
// sidecar counts them as tf.keras computes them, the page draws them magenta and green as capture
// does, pixel for pixel.
TEST_F(View, NonFiniteValuesAreCountedAndDrawnAsCaptureDrawsThem) {
  const fs::path shot = dir / "nonfinite.png";
  ASSERT_EQ(view({testing::fixture("article_tfkeras.h5").string(), "--patterns",
                  testing::fixture("bad/nonfinite_article.input.npy").string(), "--size", "600x400", "--frames", "2",
                  "--screenshot", shot.string()}),
            0)
      << log;
  int64_t nan = 0, pos_inf = 0, neg_inf = 0;
  for (const auto& [name, array] : io::read_npz(testing::fixture("bad/nonfinite_article.keras_outputs.npz"))) {
    for (const double v : array.values) {
      nan += std::isnan(v) ? 1 : 0;
      pos_inf += std::isinf(v) && v > 0 ? 1 : 0;
      neg_inf += std::isinf(v) && v < 0 ? 1 : 0;
    }
  }
  const nlohmann::json state = sidecar(shot);
  EXPECT_EQ(state.at("nonfinite"), nlohmann::json({{"nan", nan}, {"pos_inf", pos_inf}, {"neg_inf", neg_inf}}));
  const render::RgbImage image = render::read_png(shot);
  size_t magenta = 0, green = 0;
  for (size_t i = 0; i + 2 < image.rgb.size(); i += 3) {
    magenta += image.rgb[i] == 255 && image.rgb[i + 1] == 0 && image.rgb[i + 2] == 255 ? 1 : 0;
    green += image.rgb[i] == 0 && image.rgb[i + 1] == 255 && image.rgb[i + 2] == 0 ? 1 : 0;
  }
  EXPECT_GT(magenta, 0u);
  EXPECT_GT(green, 0u);
  expect_capture_equal(shot);
}

// Strongly red pixels (the overlay's error line) in a shot taken with the overlay.
size_t red_pixels(const fs::path& png) {
  const render::RgbImage image = render::read_png(png);
  size_t red = 0;
  for (size_t i = 0; i + 2 < image.rgb.size(); i += 3) {
    red += image.rgb[i] > 180 && image.rgb[i + 1] < 120 && image.rgb[i + 2] < 120 ? 1 : 0;
  }
  return red;
}

// Screenshots into a folder that cannot exist (under a regular file: root ignores permissions):
// the error is in the overlay (red, and in the sidecar's state) and on stderr, and the viewer
// goes on playing. The same run with a good folder draws no red and saves the shot.
TEST_F(View, UnwritableShotsFolderShowsTheErrorInTheOverlayAndTheViewerGoesOn) {
  testing::write_bytes(dir / "file.txt", "a file, not a folder");
  const fs::path bad = dir / "file.txt" / "shots";
  const auto run = [&](const fs::path& shots, const fs::path& shot) {
    return view({testing::fixture("article_tfkeras.h5").string(), "--patterns", "random:20:3", "--size", "800x600",
                 "--play", "--no-vsync", "--frames", "6", "--set", "colormap=gray", "--set", "shots=" + shots.string(),
                 "--set", "screenshot=true", "--set", "screenshot_overlay=true", "--screenshot", shot.string()});
  };
  const fs::path shot = dir / "after.png";
  ASSERT_EQ(run(bad, shot), 0) << log;
  EXPECT_NE(log.find(bad.string()), std::string::npos) << log;
  const nlohmann::json state = sidecar(shot);
  EXPECT_NE(state.at("error").get<std::string>().find(bad.string()), std::string::npos) << state.at("error");
  EXPECT_EQ(state.at("pattern"), 6) << "one pattern per frame after the failed screenshot";
  EXPECT_GT(red_pixels(shot), 50u) << "the error line in the overlay";

  const fs::path good = dir / "shots";
  const fs::path control = dir / "control.png";
  ASSERT_EQ(run(good, control), 0) << log;
  EXPECT_EQ(sidecar(control).at("error"), "");
  EXPECT_EQ(red_pixels(control), 0u);
  size_t saved = 0;
  for (const auto& entry : fs::directory_iterator(good)) saved += entry.path().extension() == ".png" ? 1 : 0;
  EXPECT_EQ(saved, 1u);
}

// --weights on a model.to_json()-like architecture whose own weights differ, and --square-strips:
// both in the sidecar, both reproduced by capture --state.
TEST_F(View, WeightsAndSquareStripsAreInTheSidecarAndReproducedByCapture) {
  const fs::path shot = dir / "weights.png";
  const std::string weights = testing::fixture("wo_keras3.weights.h5").string();
  ASSERT_EQ(view({testing::fixture("wo_arch_keras3.keras").string(), "--weights", weights, "--patterns",
                  testing::fixture("ref/wo_keras3.weights.h5.input.npy").string(), "--show", "all",
                  "--square-strips", "--size", "500x400", "--frames", "2", "--set", "grid=2x3", "--screenshot",
                  shot.string()}),
            0)
      << log;
  const nlohmann::json state = sidecar(shot);
  EXPECT_EQ(state.at("weights"), weights);
  EXPECT_EQ(state.at("square_strips"), true);
  expect_capture_equal(shot);
  // Without the weights the architecture's own are drawn: the same state then differs.
  nlohmann::json own = state;
  own["weights"] = "";
  std::ofstream(dir / "own.json") << own.dump();
  const testing::CommandResult r =
      testing::run_cerebro({"capture", "--state", (dir / "own.json").string(), "--out", (dir / "own").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(render::read_png(shot).rgb, render::read_png(dir / "own" / state.at("page_file").get<std::string>()).rgb);
}

TEST_F(View, WithoutADisplayItSaysSoAndWritesAHeadlessCapture) {
  ::unsetenv("DISPLAY");
  ::unsetenv("WAYLAND_DISPLAY");
  const testing::CommandResult r = testing::run_cerebro(
      {"view", testing::fixture("article_tfkeras.h5").string(), "--frames", "2", "--shots", (dir / "shots").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("no display"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::exists(dir / "shots" / "headless" / "0.png"));
}

}  // namespace
}  // namespace cerebro
