#include <imgui.h>

#include "ui/panels.hpp"

namespace cerebro::ui {

void panel_performance(ViewState& state) {
  ImGui::SetNextWindowPos(ImVec2(450, 620), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(320, 210), ImGuiCond_FirstUseEver);
  if (!ImGui::Begin("Performance")) {
    ImGui::End();
    return;
  }
  const PhaseTimes& t = state.smooth;
  ImGui::Text("%.1f fps  %.2f ms/frame", state.fps, t.total());
  ImGui::Text("compute %.2f ms  publish %.2f ms", t.compute, t.publish);
  ImGui::Text("draw %.2f ms  overlay %.2f ms", t.draw, t.overlay);
  ImGui::Text("input %.2f ms  present %.2f ms", t.input + t.advance, t.present);
  ImGui::Text("%.1f patterns/s", state.patterns_per_second);
  ImGui::Text("memory %.1f MB (resident)", state.rss_mb);
  if (ImGui::Button("screenshot (F12)")) state.screenshot = true;
  ImGui::SameLine();
  ImGui::Checkbox("with overlay", &state.screenshot_overlay);
  ImGui::End();
}

void draw_overlay(ViewState& state) {
  panel_model(state);
  panel_grid(state);
  panel_look(state);
  panel_patterns(state);
  panel_inspect(state);
  panel_performance(state);
  if (state.error.empty() && state.notice.empty()) return;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y - 10), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::Begin("##messages", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
  if (!state.error.empty()) {
    ImGui::TextColored(ImVec4(1, 0.3f, 0.3f, 1), "%s", state.error.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) state.error.clear();
  }
  if (!state.notice.empty()) ImGui::TextUnformatted(state.notice.c_str());
  ImGui::End();
}

}  // namespace cerebro::ui
