#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "ui/panels.hpp"

namespace cerebro::ui {
namespace {

constexpr int64_t kZero = 0;

void step_to(ViewState& state, int64_t index) {
  const int64_t clamped = std::clamp<int64_t>(index, 0, state.pattern_count - 1);
  if (clamped != state.pattern) {
    state.pattern = clamped;
    state.recompute = true;
  }
}

void transport(ViewState& state) {
  if (ImGui::Button("|<")) step_to(state, 0);
  ImGui::SameLine();
  if (ImGui::Button("<")) step_to(state, state.pattern - 1);
  ImGui::SameLine();
  if (ImGui::Button(state.playing ? "pause" : "play", ImVec2(60, 0))) state.playing = !state.playing;
  ImGui::SameLine();
  if (ImGui::Button(">")) step_to(state, state.pattern + 1);
  ImGui::SameLine();
  if (ImGui::Button(">|")) step_to(state, state.pattern_count - 1);
}

}  // namespace

void panel_patterns(ViewState& state) {
  if (!begin_panel("Patterns", 320)) return;
  ImGui::TextWrapped("source: %s", state.patterns.c_str());
  ImGui::InputTextWithHint("##source", "random:N:SEED, a file or a folder", &state.patterns_edit);
  ImGui::SameLine();
  if (ImGui::Button("Open")) state.load_patterns = state.patterns_edit;
  transport(state);
  float rate = static_cast<float>(state.rate);
  if (ImGui::SliderFloat("patterns/s", &rate, 0.0f, 240.0f, rate == 0.0f ? "every frame" : "%.1f")) {
    state.rate = rate;
  }
  // The scrub slider recomputes while it is dragged: one forward pass per changed value.
  int64_t index = state.pattern;
  const int64_t last = std::max<int64_t>(0, state.pattern_count - 1);
  if (ImGui::SliderScalar("pattern", ImGuiDataType_S64, &index, &kZero, &last)) step_to(state, index);
  if (ImGui::InputScalar("jump to", ImGuiDataType_S64, &index, nullptr, nullptr, "%lld",
                         ImGuiInputTextFlags_EnterReturnsTrue)) {
    step_to(state, index);
  }
  ImGui::Text("pattern %lld of %lld", static_cast<long long>(state.pattern), static_cast<long long>(state.pattern_count));
  if (state.input_texture != 0) {
    const float scale = 160.0f / static_cast<float>(std::max(state.input_width, state.input_height));
    ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<uintptr_t>(state.input_texture)),
                 ImVec2(static_cast<float>(state.input_width) * scale, static_cast<float>(state.input_height) * scale));
  }
  ImGui::End();
}

}  // namespace cerebro::ui
