// The live window at rest: paused with nothing happening, it waits for events (ui/viewer.cpp,
// poll_events) instead of drawing the same frame again and again, and still reacts to a model
// file replaced on disk and to a key. The viewer counts the frames it draws (`--seconds` prints
// them). Counting frames rather than CPU time keeps the test steady on a loaded machine: a
// waiting window's count depends on the wait's timeouts and on the events, not on how fast a
// frame is drawn.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "render/png_writer.hpp"
#include "support/test_support.hpp"
#include "ui/view_support.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;

// What a waiting window draws in its run at most: one frame at each timeout of the wait (two a
// second), and for each event (the window's own at start: map, expose, focus, configure; the
// reload; the key down and up) the frame it wakes for and the settle frames after it
// (ui/viewer.cpp): some ten events of five frames. A window that spins draws hundreds: playing,
// more than 100 frames a second here under a load average of 6.
constexpr int64_t kWaitingMost = 60;

class Idle : public ::testing::Test {
 protected:
  void SetUp() override {
    xvfb_run = testing::find_on_path("xvfb-run");
    ASSERT_FALSE(xvfb_run.empty()) << "xvfb-run is missing: scripts/install-deps installs xvfb";
    ASSERT_FALSE(testing::find_on_path("xdotool").empty()) << "xdotool is missing: scripts/install-deps installs it";
    ::setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
  }

  // Runs the shell `script` in `dir` in a fresh Xvfb, with $CEREBRO naming the binary and the
  // variables `env`; returns its exit code, the viewer's output in `log` (the script sends it to
  // view.log).
  int in_xvfb(const std::string& script, const std::vector<std::pair<std::string, std::string>>& env = {}) {
    testing::write_bytes(dir / "run.sh", script);
    std::string command =
        "cd " + testing::shell_quoted(dir.path().string()) + " && CEREBRO=" + testing::shell_quoted(CEREBRO_BINARY);
    for (const auto& [name, value] : env) command += " " + name + "=" + testing::shell_quoted(value);
    command += " " + testing::shell_quoted(xvfb_run) + " -a -s '-screen 0 1280x1024x24' sh run.sh";
    const int status = std::system(command.c_str());
    log = fs::exists(dir / "view.log") ? testing::read_text(dir / "view.log") : "";
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // "cerebro: N frames drawn in S s" in the log; -1 without it.
  int64_t frames_drawn() const {
    const std::string key = " frames drawn in ";
    const size_t at = log.find(key);
    if (at == std::string::npos) return -1;
    const size_t start = log.rfind("cerebro: ", at) + 9;
    return std::stoll(log.substr(start, at - start));
  }

  // The page `cerebro capture --state` draws from `state` (a screenshot's sidecar).
  render::RgbImage capture(const fs::path& state, const std::string& name) {
    const fs::path out = dir / name;
    const testing::CommandResult r =
        testing::run_cerebro({"capture", "--state", state.string(), "--out", out.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::ifstream in(state);
    return render::read_png(out / nlohmann::json::parse(in).at("page_file").get<std::string>());
  }

  testing::TempDir dir;
  std::string xvfb_run;
  std::string log;
};

// Paused for four seconds: a second after the window shows, the model file is replaced (written
// aside, then renamed over it with a later time, as a training script saves an epoch); a second
// later the right arrow key is pressed. The window reloads (the shot is the new model's page, not
// the old one's), steps to pattern 1, and draws no more than a waiting window does.
TEST_F(Idle, APausedWindowWaitsForEventsAndStillReactsToThem) {
  fs::copy_file(testing::fixture("article_tfkeras.h5"), dir / "model.h5");
  fs::copy_file(testing::fixture("article_tfkeras.h5"), dir / "first.h5");
  const std::string script = R"(
"$CEREBRO" view "$MODEL" --patterns random:10:1 --size 400x300 --seconds 4 --screenshot shot.png > view.log 2>&1 &
pid=$!
wid=$(timeout 30 xdotool search --sync --onlyvisible --name '^cerebro$' | head -n 1)
sleep 1
cp "$NEXT" model.tmp && touch -d @$(( $(date +%s) + 10 )) model.tmp && mv model.tmp "$MODEL"
sleep 1
timeout 30 xdotool windowfocus --sync "$wid" keydown Right sleep 0.1 keyup Right
wait $pid
)";
  ASSERT_EQ(in_xvfb(script, {{"MODEL", (dir / "model.h5").string()},
                             {"NEXT", testing::fixture("article_seq_tfkeras.h5").string()}}),
            0)
      << log;
  const int64_t frames = frames_drawn();
  EXPECT_GT(frames, 0) << log;
  EXPECT_LE(frames, kWaitingMost) << "a paused window with nothing to do draws again and again: " << log;
  EXPECT_NE(log.find("reloaded " + (dir / "model.h5").string()), std::string::npos) << log;

  nlohmann::json state;
  std::ifstream(dir / "shot.png.json") >> state;
  EXPECT_EQ(state.at("pattern"), 1) << "the right arrow key";
  const render::RgbImage shot = render::read_png(dir / "shot.png");
  EXPECT_EQ(shot.rgb, capture(dir / "shot.png.json", "now").rgb) << "the replaced model's page";
  state["model"] = (dir / "first.h5").string();
  std::ofstream(dir / "first.json") << state.dump();
  EXPECT_NE(shot.rgb, capture(dir / "first.json", "before").rgb) << "the first model's page differs";
}

// The count above tells waiting from spinning: playing, the same window draws far more frames in
// half the time.
TEST_F(Idle, PlayingDrawsMoreFramesThanAWaitingWindowEver) {
  const std::string script = R"(
"$CEREBRO" view "$MODEL" --patterns random:10:1 --size 400x300 --play --no-vsync --seconds 2 > view.log 2>&1
)";
  ASSERT_EQ(in_xvfb(script, {{"MODEL", testing::fixture("article_tfkeras.h5").string()}}), 0) << log;
  EXPECT_GT(frames_drawn(), kWaitingMost) << log;
}

}  // namespace
}  // namespace cerebro
