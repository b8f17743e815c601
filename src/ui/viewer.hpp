#pragma once
// `cerebro view`: the live window. The frame loop runs in named phases, as instant-ngp's
// Testbed::frame does: input -> advance patterns -> compute -> publish -> draw grid -> overlay ->
// present.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "ui/view_session.hpp"
#include "ui/view_state.hpp"

namespace cerebro::ui {

struct ViewerOptions {
  SessionOptions session;
  int width = 1000;  // window size in screen coordinates
  int height = 1000;
  bool vsync = true;
  int64_t frames = 0;                // --frames: quit after N frames (0: run until closed)
  std::filesystem::path screenshot;  // --screenshot: written after the last frame
  int64_t bench_frames = 0;          // --bench-frames: print per-phase p50/p99 over N frames
  double seconds = 0;                // --seconds: quit after this long, waiting as a live window does
  std::vector<std::string> sets;     // --set key=value, applied after the model is loaded
  // Scripted runs neither read nor write the saved layout and settings.
  bool scripted() const { return frames > 0 || bench_frames > 0 || seconds > 0; }
  // Counted frames are drawn back to back: what they show must not depend on how fast they come.
  // A --seconds run draws as the live window does, idle waits included (tests/ui/idle_test.cpp).
  bool frame_counted() const { return frames > 0 || bench_frames > 0; }
};

// Runs the window until it is closed (or the scripted frames are done). Throws NoDisplay when
// there is no display.
void run_viewer(ViewState state, const ViewerOptions& options);

// Where window layout and settings persist: $XDG_CONFIG_HOME/cerebro (~/.config/cerebro).
std::filesystem::path config_dir();

// Writes the page (RGBA rows, top first) as PNG and `state` beside it as PATH.json.
void write_screenshot(const std::filesystem::path& png, const std::vector<uint8_t>& rgba, int width, int height,
                      const nlohmann::json& sidecar);
// "<dir>/cerebro-20261130-031500-p42.png"
std::filesystem::path screenshot_path(const std::filesystem::path& dir, int64_t pattern);

// Resident and peak resident memory of this process, MB (/proc/self/status).
double resident_mb();
double peak_resident_mb();

}  // namespace cerebro::ui
