#include "ui/window.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "core/error.hpp"
#include "render/gl.hpp"

namespace cerebro::ui {
namespace {

std::string glfw_error_text() {
  const char* text = nullptr;
  glfwGetError(&text);
  return text ? text : "unknown GLFW error";
}

void on_drop(GLFWwindow* window, int count, const char** paths) {
  auto* drops = static_cast<std::vector<std::string>*>(glfwGetWindowUserPointer(window));
  for (int i = 0; i < count; ++i) drops->emplace_back(paths[i]);
}

}  // namespace

Window::Window(int width, int height, const std::string& title, bool vsync, const char* ini_file)
    : ini_file_(ini_file ? ini_file : "") {
  if (glfwInit() == GLFW_FALSE) throw NoDisplay{glfw_error_text()};
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  // HiDPI: the framebuffer may be larger than the window; pages are drawn at framebuffer size.
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  window_ = glfwCreateWindow(width, height, title.c_str(), nullptr, nullptr);
  if (window_ == nullptr) {
    const std::string why = glfw_error_text();
    glfwTerminate();
    throw NoDisplay{why};
  }
  glfwMakeContextCurrent(window_);
  if (gladLoadGL(reinterpret_cast<GLADloadfunc>(glfwGetProcAddress)) == 0) {
    glfwDestroyWindow(window_);
    glfwTerminate();
    throw_internal("OpenGL", "glad could not load GL 3.3 through GLFW");
  }
  glfwSwapInterval(vsync ? 1 : 0);
  glfwSetWindowUserPointer(window_, &drops_);
  glfwSetDropCallback(window_, on_drop);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  // Scripted runs pass no ini file: they neither read nor write the saved layout.
  ImGui::GetIO().IniFilename = ini_file_.empty() ? nullptr : ini_file_.c_str();
  ImGui::StyleColorsDark();
  // Opaque panels: the page under them does not show through. (Measured: no cheaper on llvmpipe,
  // whose ImGui backend blends every fragment whatever its alpha; but readable.)
  ImGui::GetStyle().Colors[ImGuiCol_WindowBg].w = 1.0f;
  ImGui::GetStyle().Colors[ImGuiCol_TitleBgCollapsed].w = 1.0f;
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
}

Window::~Window() {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window_);
  glfwTerminate();
}

bool Window::should_close() const { return glfwWindowShouldClose(window_) != 0; }
bool Window::iconified() const { return glfwGetWindowAttrib(window_, GLFW_ICONIFIED) != 0; }
void Window::window_size(int& width, int& height) const { glfwGetWindowSize(window_, &width, &height); }
void Window::framebuffer_size(int& width, int& height) const { glfwGetFramebufferSize(window_, &width, &height); }
void Window::swap() { glfwSwapBuffers(window_); }

std::vector<std::string> Window::take_drops() {
  std::vector<std::string> drops;
  drops.swap(drops_);
  return drops;
}

std::string Window::gl_description() const {
  const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  return std::string("OpenGL ") + (version ? version : "?") + ", " + (renderer ? renderer : "?") + ", GLFW window";
}

}  // namespace cerebro::ui
