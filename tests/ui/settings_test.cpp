// Settings persist under $XDG_CONFIG_HOME/cerebro/ (never the working directory), round trip
// through the same parser as --set, and a broken file is ignored.
#include "ui/settings.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "support/test_support.hpp"
#include "ui/viewer.hpp"

namespace cerebro::ui {
namespace {

namespace fs = std::filesystem;

class Settings : public ::testing::Test {
 protected:
  void SetUp() override {
    ::setenv("XDG_CONFIG_HOME", (config / "xdg").c_str(), 1);
    previous_cwd = fs::current_path();
    fs::current_path(cwd.path());
  }
  void TearDown() override { fs::current_path(previous_cwd); }

  testing::TempDir config;
  testing::TempDir cwd;
  fs::path previous_cwd;
};

TEST_F(Settings, SaveAndLoadRoundTripUnderXdgConfigHome) {
  EXPECT_EQ(config_dir(), config / "xdg" / "cerebro");
  ViewState saved;
  saved.rows = 2;
  saved.cols = 5;
  saved.threshold_rows = 7;
  saved.threshold_cols = 300;
  saved.stretch = true;
  saved.square_strips = true;
  saved.colormap = "cividis";
  saved.norm = render::parse_norm("fixed:-1,2.5");
  saved.rate = 30;
  saved.overlay = false;
  saved.shots_dir = "/tmp/my shots";
  save_settings(saved);
  ASSERT_TRUE(fs::exists(config / "xdg" / "cerebro" / "view.json"));
  EXPECT_TRUE(fs::is_empty(cwd.path())) << "nothing in the working directory";

  ViewState loaded;
  load_settings(loaded);
  EXPECT_EQ(loaded.rows, 2);
  EXPECT_EQ(loaded.cols, 5);
  EXPECT_EQ(loaded.threshold_rows, 7);
  EXPECT_EQ(loaded.threshold_cols, 300);
  EXPECT_TRUE(loaded.stretch);
  EXPECT_TRUE(loaded.square_strips);
  EXPECT_EQ(loaded.colormap, "cividis");
  EXPECT_EQ(render::norm_text(loaded.norm), render::norm_text(saved.norm));
  EXPECT_EQ(loaded.rate, 30);
  EXPECT_FALSE(loaded.overlay);
  EXPECT_EQ(loaded.shots_dir, "/tmp/my shots");
}

TEST_F(Settings, ABrokenOrHandEditedFileKeepsTheDefaultsOfWhatItGetsWrong) {
  fs::create_directories(config / "xdg" / "cerebro");
  testing::write_bytes(config / "xdg" / "cerebro" / "view.json", R"({"rows": 99, "cols": 4, "colormap": "jet"})");
  ViewState loaded;
  load_settings(loaded);
  EXPECT_EQ(loaded.rows, 3) << "rows 99 is out of range: the default stays";
  EXPECT_EQ(loaded.cols, 4);
  EXPECT_EQ(loaded.colormap, "viridis");
  testing::write_bytes(config / "xdg" / "cerebro" / "view.json", "{ not json");
  ViewState defaults;
  load_settings(defaults);
  EXPECT_EQ(defaults.rows, 3);
}

}  // namespace
}  // namespace cerebro::ui
