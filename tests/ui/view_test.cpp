// The live window end to end under Xvfb (Mesa's llvmpipe gives a GL 4.5 core context): scripted
// runs step patterns and change the grid, and a screenshot must equal, pixel for pixel, the page
// `cerebro capture --state` draws from the screenshot's sidecar.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "render/png_writer.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;

std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// xvfb-run from PATH; the test fails (never skips) without it.
std::string find_xvfb_run() {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (size_t start = 0; start <= dirs.size();) {
    const size_t end = dirs.find(':', start);
    const fs::path candidate = fs::path(dirs.substr(start, end - start)) / "xvfb-run";
    if (fs::exists(candidate)) return candidate.string();
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return "";
}

class View : public ::testing::Test {
 protected:
  void SetUp() override {
    xvfb_run = find_xvfb_run();
    ASSERT_FALSE(xvfb_run.empty()) << "xvfb-run is missing: scripts/install-deps installs xvfb";
    // Scripted runs must not touch the saved settings: point XDG_CONFIG_HOME at an empty folder.
    ::setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
  }

  // Runs `cerebro view ARGS` in a fresh Xvfb; returns the exit code, output in `log`.
  int view(const std::vector<std::string>& args) {
    std::string command = shell_quoted(xvfb_run) + " -a -s '-screen 0 1280x1024x24' " + shell_quoted(CEREBRO_BINARY) + " view";
    for (const std::string& a : args) command += " " + shell_quoted(a);
    command += " > " + shell_quoted((dir / "view.log").string()) + " 2>&1";
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
