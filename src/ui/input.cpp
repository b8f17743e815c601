#include "ui/input.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>

namespace cerebro::ui {
namespace {

void step(ViewState& state, int64_t delta) {
  state.pattern = std::clamp<int64_t>(state.pattern + delta, 0, state.pattern_count - 1);
}

}  // namespace

void handle_keys(ViewState& state) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureKeyboard) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_SPACE, false)) state.playing = !state.playing;
  if (ImGui::IsKeyPressed(GLFW_KEY_RIGHT)) step(state, 1);
  if (ImGui::IsKeyPressed(GLFW_KEY_LEFT)) step(state, -1);
  if (ImGui::IsKeyPressed(GLFW_KEY_HOME, false)) state.pattern = 0;
  if (ImGui::IsKeyPressed(GLFW_KEY_END, false)) state.pattern = std::max<int64_t>(0, state.pattern_count - 1);
  if (ImGui::IsKeyPressed(GLFW_KEY_PAGE_DOWN)) state.page = std::min(state.page + 1, state.page_count - 1);
  if (ImGui::IsKeyPressed(GLFW_KEY_PAGE_UP)) state.page = std::max(state.page - 1, 0);
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false)) state.screenshot = true;
  if (ImGui::IsKeyPressed(GLFW_KEY_TAB, false)) state.overlay = !state.overlay;
  if (ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false) || ImGui::IsKeyPressed(GLFW_KEY_Q, false)) state.quit = true;
}

void handle_mouse(ViewState& state, const ViewSession& session, float pixels_per_point) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureMouse || !ImGui::IsMousePosValid()) {
    state.hover.reset();
    return;
  }
  const float x = io.MousePos.x * pixels_per_point;
  const float y = io.MousePos.y * pixels_per_point;
  state.hover = session.probe(state, x, y);
  if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    state.zoom_cell = state.zoom_cell >= 0 ? -1 : session.cell_at(state, x, y);
  } else if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && state.hover) {
    state.pinned = state.hover;
  }
}

}  // namespace cerebro::ui
