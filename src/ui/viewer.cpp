#include "ui/viewer.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/error.hpp"
#include "render/gl.hpp"
#include "ui/frame_stats.hpp"
#include "ui/input.hpp"
#include "ui/panels.hpp"
#include "ui/settings.hpp"
#include "ui/state_fields.hpp"
#include "ui/window.hpp"

namespace cerebro::ui {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// glReadPixels gives rows bottom first; PNG wants them top first.
void flip_rows(std::vector<uint8_t>& rgba, int width, int height) {
  const size_t row = static_cast<size_t>(width) * 4;
  for (int y = 0; y < height / 2; ++y) {
    std::swap_ranges(rgba.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(y) * row),
                     rgba.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(y + 1) * row),
                     rgba.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(height - 1 - y) * row));
  }
}

double ms_since(Clock::time_point& start) {
  const Clock::time_point now = Clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - start).count();
  start = now;
  return ms;
}

class Viewer {
 public:
  Viewer(ViewState state, const ViewerOptions& options, Window& window)
      : state_(std::move(state)), options_(options), window_(window), session_(options.session) {}

  void run();
  const ViewState& state() const { return state_; }

 private:
  void start();
  void poll_events();
  void input();
  void advance(double seconds);
  void carry_out_requests();
  void watch_model();
  void compute();
  void publish_and_draw();
  void overlay();
  void present();
  // `fatal`: --screenshot, whose failure fails the run; F12's only shows in the overlay.
  void take_screenshot(const fs::path& path, bool with_overlay, bool fatal);
  bool running(int64_t frame) const;
  bool is_last_frame(int64_t frame, Clock::time_point started) const;
  void report_messages();
  void show_error(const std::string& error);

  ViewState state_;
  const ViewerOptions& options_;
  Window& window_;
  ViewSession session_;
  FrameStats stats_{options_.bench_frames};
  int fb_width_ = 0, fb_height_ = 0;
  int64_t computed_pattern_ = -1;
  std::string published_key_;
  double play_credit_ = 0;
  Clock::time_point last_watch_ = Clock::now();
  bool computed_this_frame_ = false;
  bool last_frame_ = false;
  int quiet_frames_ = 0;
  int64_t frames_drawn_ = 0;
  std::string reported_error_;
  std::string reported_notice_;
};

void Viewer::start() {
  session_.load_model(state_.model_path, state_);
  for (const std::string& assignment : options_.sets) set_field(state_, assignment);
  session_.update_plan(state_);
}

// Errors show in the overlay; each new one also goes to stderr, once (scripted runs see them).
// Notices ("reloaded ... (changed on disk)", "saved ...") go to stdout the same way: a terminal
// beside the window sees what the viewer did by itself.
void Viewer::show_error(const std::string& error) {
  state_.error = error;
  report_messages();
}

void Viewer::report_messages() {
  if (!state_.error.empty() && state_.error != reported_error_) {
    reported_error_ = state_.error;
    std::fprintf(stderr, "cerebro: %s\n", state_.error.c_str());
  }
  if (!state_.notice.empty() && state_.notice != reported_notice_) {
    reported_notice_ = state_.notice;
    std::printf("cerebro: %s\n", state_.notice.c_str());
  }
}

bool Viewer::running(int64_t frame) const {
  if (state_.quit || window_.should_close()) return false;
  const int64_t limit = std::max(options_.frames, options_.bench_frames);
  return limit == 0 || frame < limit;
}

// The last frame of a scripted run (--frames, --bench-frames, --seconds: whichever ends first)
// takes the --screenshot.
bool Viewer::is_last_frame(int64_t frame, Clock::time_point started) const {
  if (frame + 1 == std::max(options_.frames, options_.bench_frames)) return true;
  return options_.seconds > 0 && Clock::now() - started >= std::chrono::duration<double>(options_.seconds);
}

void Viewer::run() {
  start();
  const Clock::time_point started = Clock::now();
  Clock::time_point last_frame = started;
  for (int64_t frame = 0; running(frame); ++frame) {
    last_frame_ = is_last_frame(frame, started);
    Clock::time_point t = Clock::now();
    const double seconds = std::chrono::duration<double>(t - last_frame).count();
    last_frame = t;
    PhaseTimes times;
    input();
    times.input = ms_since(t);
    if (window_.iconified() && !options_.frame_counted()) {
      // Nothing to show: sleep until an event instead of spinning.
      ImGui::EndFrame();
      glfwWaitEventsTimeout(0.25);
      continue;
    }
    advance(seconds);
    carry_out_requests();
    times.advance = ms_since(t);
    compute();
    times.compute = ms_since(t);
    publish_and_draw();
    times.publish = stats_.publish_ms;
    times.draw = ms_since(t) - stats_.publish_ms;
    overlay();
    times.overlay = ms_since(t);
    present();
    times.present = ms_since(t);
    stats_.add(times, computed_this_frame_, state_);
    report_messages();
    if (last_frame_) break;
  }
  if (options_.bench_frames > 0) stats_.print_bench(stdout);
  if (options_.seconds > 0) {
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::printf("cerebro: %lld frames drawn in %.2f s\n", static_cast<long long>(frames_drawn_), seconds);
  }
}

// Paused with nothing happening, a live window (and a --seconds run) waits for an event (at most
// half a second, for the model watch) instead of drawing the same frame again: two cores shared
// with a compiler notice. ImGui needs a few frames after an event or a new computation (a reload
// changes the layer table, and a panel fits its content a frame late) to settle (hover, release,
// a text cursor), so the wait starts only after some quiet frames.
void Viewer::poll_events() {
  constexpr int kSettleFrames = 4;
  const bool busy = options_.frame_counted() || state_.playing || state_.recompute || computed_this_frame_ ||
                    ImGui::GetIO().WantTextInput;
  if (busy || quiet_frames_ < kSettleFrames) {
    glfwPollEvents();
    ++quiet_frames_;
    if (busy) quiet_frames_ = 0;
    return;
  }
  const Clock::time_point start = Clock::now();
  glfwWaitEventsTimeout(0.5);
  // Back before the timeout: an event came in.
  if (Clock::now() - start < std::chrono::milliseconds(450)) quiet_frames_ = 0;
}

void Viewer::input() {
  poll_events();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  for (const std::string& path : window_.take_drops()) state_.load_model = path;
  handle_keys(state_);
  int w = 0, h = 0;
  window_.window_size(w, h);
  window_.framebuffer_size(fb_width_, fb_height_);
  handle_mouse(state_, session_, w > 0 ? static_cast<float>(fb_width_) / static_cast<float>(w) : 1.0f);
}

// Playing: one new pattern per frame, or `rate` patterns per second whatever the frame rate.
void Viewer::advance(double seconds) {
  if (!state_.playing || state_.pattern_count <= 1) return;
  int64_t steps = 1;
  if (state_.rate > 0) {
    play_credit_ += seconds * state_.rate;
    steps = static_cast<int64_t>(play_credit_);
    play_credit_ -= static_cast<double>(steps);
  }
  state_.pattern = (state_.pattern + steps) % state_.pattern_count;
}

void Viewer::carry_out_requests() {
  watch_model();
  if (!state_.load_model.empty()) {
    const std::string path = std::exchange(state_.load_model, "");
    // --weights belonged to the previous model's architecture.
    const std::string weights = std::exchange(state_.weights_path, "");
    try {
      session_.load_model(path, state_);
      state_.model_path_edit = path;
      state_.hidden_layers.clear();
      state_.solo_layer.clear();
      state_.notice = "loaded " + path;
    } catch (const Error& e) {
      state_.weights_path = weights;
      show_error(std::string(e.what()) + " (the previous model stays loaded)");
    }
  }
  if (!state_.load_patterns.empty()) {
    const std::string spec = std::exchange(state_.load_patterns, "");
    try {
      session_.open_patterns(spec, state_);
    } catch (const Error& e) {
      show_error(std::string(e.what()) + " (the previous patterns stay)");
    }
  }
  try {
    session_.update_plan(state_);
  } catch (const Error& e) {
    show_error(e.what());
    state_.layer_list.clear();
    session_.update_plan(state_);
  }
}

// A training script saving a new epoch: reload, keeping the pattern, layers and view. Scripted
// runs watch too (tests replace the file under a running viewer); a poll is two stat() calls.
void Viewer::watch_model() {
  if (Clock::now() - last_watch_ < std::chrono::milliseconds(500)) return;
  last_watch_ = Clock::now();
  session_.reload_if_changed(state_);
  session_.update_device_info(state_);
}

void Viewer::compute() {
  computed_this_frame_ = false;
  if (state_.pattern == computed_pattern_ && !state_.recompute) return;
  try {
    session_.compute(state_);
  } catch (const Error& e) {
    show_error(e.what());
    state_.playing = false;
  }
  computed_pattern_ = state_.pattern;
  state_.recompute = false;
  computed_this_frame_ = true;
  published_key_.clear();
}

// The cells are published only when what they hold changes (a new pattern, plan, page or
// normalisation), but the page is drawn into the window every frame: the back buffer is
// undefined after a swap. Drawing its quads again costs llvmpipe less than blitting a cached
// window-sized page (bench/RESULTS.md), and a screenshot draws the page offscreen instead.
void Viewer::publish_and_draw() {
  const std::string key = std::to_string(state_.page) + "/" + std::to_string(state_.rows) + "x" +
                          std::to_string(state_.cols) + "/" + std::to_string(state_.zoom_cell) + "/" +
                          render::norm_text(state_.norm) + "/" + std::to_string(session_.plan_generation());
  stats_.publish_ms = 0;
  if (fb_width_ <= 0 || fb_height_ <= 0) return;
  if (key != published_key_) {
    Clock::time_point t = Clock::now();
    session_.publish(state_);
    stats_.publish_ms = ms_since(t);
    published_key_ = key;
  }
  session_.draw_to_window(state_, fb_width_, fb_height_);
}

void Viewer::overlay() {
  if (state_.overlay) draw_overlay(state_);
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Viewer::present() {
  if (state_.screenshot) {
    state_.screenshot = false;
    take_screenshot(screenshot_path(state_.shots_dir, state_.pattern), state_.screenshot_overlay, false);
  }
  // --screenshot: before the swap, while the back buffer still holds the overlay.
  if (last_frame_ && !options_.screenshot.empty()) take_screenshot(options_.screenshot, state_.screenshot_overlay, true);
  window_.swap();
  ++frames_drawn_;
}

void Viewer::take_screenshot(const fs::path& path, bool with_overlay, bool fatal) {
  try {
    std::vector<uint8_t> rgba;
    int width = fb_width_, height = fb_height_;
    if (with_overlay) {
      rgba.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
      glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
      glReadBuffer(GL_BACK);
      glPixelStorei(GL_PACK_ALIGNMENT, 1);
      glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
      flip_rows(rgba, width, height);
    } else {
      session_.draw(state_, fb_width_, fb_height_);
      rgba = session_.read_page();
      width = session_.framebuffer()->width();
      height = session_.framebuffer()->height();
    }
    write_screenshot(path, rgba, width, height, session_.sidecar(state_));
    state_.notice = "saved " + path.string();
  } catch (const Error& e) {
    show_error(e.what());
    if (fatal) throw;
  }
}

}  // namespace

void run_viewer(ViewState state, const ViewerOptions& options) {
  const fs::path ini = config_dir() / "imgui.ini";
  if (!options.scripted()) {
    // ImGui writes imgui.ini itself and creates no folder.
    std::error_code ec;
    fs::create_directories(config_dir(), ec);
  }
  // Scripted runs neither read nor write the saved layout and settings.
  Window window(options.width, options.height, "cerebro", options.vsync,
                options.scripted() ? nullptr : ini.c_str());
  Viewer viewer(std::move(state), options, window);
  viewer.run();
  if (!options.scripted()) save_settings(viewer.state());
}

}  // namespace cerebro::ui
