#include <imgui.h>

#include "ui/panels.hpp"

namespace cerebro::ui {

void panel_performance(ViewState& state) {
  if (!begin_panel("Performance", 320)) return;
  const PhaseTimes& t = state.smooth;
  ImGui::Text("%.1f fps  %.2f ms/frame", state.fps, t.total());
  ImGui::Text("compute %.2f ms  publish %.2f ms", t.compute, t.publish);
  ImGui::Text("draw %.2f ms  overlay %.2f ms", t.draw, t.overlay);
  ImGui::Text("input %.2f ms  present %.2f ms", t.input + t.advance, t.present);
  ImGui::Text("%.1f patterns/s", state.patterns_per_second);
  ImGui::Text("memory %.1f MB (resident)", state.rss_mb);
  if (state.device.empty()) {
    ImGui::Text("backend %s", state.backend.c_str());
  } else {
    ImGui::TextWrapped("backend %s on %s", state.backend.c_str(), state.device.c_str());
  }
  if (state.gpu_total_mb > 0) {
    ImGui::Text("GPU memory %.0f / %.0f MB (whole device)", state.gpu_used_mb, state.gpu_total_mb);
  }
  if (ImGui::Button("screenshot (F12)")) state.screenshot = true;
  ImGui::SameLine();
  ImGui::Checkbox("with overlay", &state.screenshot_overlay);
  ImGui::End();
}

}  // namespace cerebro::ui
