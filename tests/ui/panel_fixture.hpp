#pragma once
// The panel tests' fixture: an ImGui context fed synthetic input (display size, mouse position and
// button), no window and no GL.
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <functional>
#include <string>

#include "ui/panels.hpp"

namespace cerebro::ui {

class Panels : public ::testing::Test {
 protected:
  void SetUp() override {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini read or written by a test
    io.DisplaySize = ImVec2(1280, 1024);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);  // NewFrame needs a built atlas, not a GPU
    state.layers = {{0, "input_1", "InputLayer", "(50, 50)", 0, false, {}},
                    {1, "dense_1", "Dense", "(50, 75)", 3825, true, {}},
                    {2, "my_dense", "Dense", "(50, 50)", 3800, true, {}}};
    state.model_path = "model.h5";
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // One frame with the mouse at (x, y), button down or up, drawing `panel`.
  void frame(const std::function<void(ViewState&)>& panel, float x, float y, bool down) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(x, y);
    io.MouseDown[0] = down;
    ImGui::NewFrame();
    panel(state);
    ImGui::Render();
  }
  // A click: settle, press, release. The settle frame lasts half a second, so two clicks never
  // make a double-click.
  void click(const std::function<void(ViewState&)>& panel, float x, float y) {
    ImGui::GetIO().DeltaTime = 0.5f;
    frame(panel, x, y, false);
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    frame(panel, x, y, true);
    frame(panel, x, y, false);
  }
  // Where `panel` lies once laid out: a panel is as tall as its content (ui/panel_layout.cpp),
  // which ImGui measures a frame before it sizes the window, so two frames are drawn first.
  ImRect laid_out(const std::function<void(ViewState&)>& panel, const char* name) {
    frame(panel, -100, -100, false);
    frame(panel, -100, -100, false);
    return window_rect(name);
  }
  ImRect window_rect(const char* name) {
    const ImGuiWindow* window = ImGui::FindWindowByName(name);
    EXPECT_NE(window, nullptr) << name;
    return window ? window->Rect() : ImRect();
  }

  ViewState state;
};

// The text a panel shows, as ImGui logs it: a log to the "clipboard" started outside the panel
// ends with the panel's window and hands over every text item drawn in it (one line per row,
// items on a row separated by a space). A new window draws nothing in its first frame.
inline std::string panel_text(const std::function<void(ViewState&)>& panel, ViewState& state) {
  std::string text;
  ImGuiIO& io = ImGui::GetIO();
  io.ClipboardUserData = &text;
  io.SetClipboardTextFn = [](void* user, const char* logged) { *static_cast<std::string*>(user) = logged; };
  for (int frame = 0; frame < 2; ++frame) {
    ImGui::NewFrame();
    ImGui::LogToClipboard();
    panel(state);
    ImGui::LogFinish();
    ImGui::Render();
  }
  io.SetClipboardTextFn = nullptr;
  return text;
}

}  // namespace cerebro::ui
