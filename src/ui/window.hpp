#pragma once
// The GLFW window with a GL 3.3 core context (GL through glad, as render/ needs), and ImGui bound
// to it through the GLFW and OpenGL3 backends that Debian's libimgui.a holds.
#include <string>
#include <vector>

struct GLFWwindow;

namespace cerebro::ui {

class Window {
 public:
  // Throws NoDisplay when there is no display to open a window on.
  Window(int width, int height, const std::string& title, bool vsync, const char* ini_file);
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;

  GLFWwindow* handle() const { return window_; }
  bool should_close() const;
  bool iconified() const;
  // Window size in screen coordinates and framebuffer size in pixels differ on HiDPI screens.
  void window_size(int& width, int& height) const;
  void framebuffer_size(int& width, int& height) const;
  // Files dropped on the window since the last call.
  std::vector<std::string> take_drops();
  void swap();
  std::string gl_description() const;

 private:
  GLFWwindow* window_ = nullptr;
  std::vector<std::string> drops_;
  std::string ini_file_;
};

// No X server (or none that gives a GL 3.3 context): the caller writes a headless capture.
struct NoDisplay {
  std::string why;
};

}  // namespace cerebro::ui
