#include "ui/settings.hpp"

#include <fstream>
#include <nlohmann/json.hpp>

#include "render/normalization.hpp"
#include "ui/state_fields.hpp"
#include "ui/viewer.hpp"

namespace cerebro::ui {

void load_settings(ViewState& state) {
  std::ifstream in(config_dir() / "view.json");
  if (!in) return;
  const nlohmann::json saved = nlohmann::json::parse(in, nullptr, false);
  if (!saved.is_object()) return;
  // Each field through --set's parser, so a stale or hand-edited value cannot slip in unchecked.
  for (const auto& [key, value] : saved.items()) {
    try {
      set_field(state, key + "=" + (value.is_string() ? value.get<std::string>() : value.dump()));
    } catch (const std::exception&) {
      continue;
    }
  }
}

void save_settings(const ViewState& state) {
  const nlohmann::json saved = {{"rows", state.rows},
                                {"cols", state.cols},
                                {"threshold_rows", state.threshold_rows},
                                {"threshold_cols", state.threshold_cols},
                                {"stretch", state.stretch ? "true" : "false"},
                                {"colorbars", state.colorbars ? "true" : "false"},
                                {"square_strips", state.square_strips ? "true" : "false"},
                                {"colormap", state.colormap},
                                {"norm", render::norm_text(state.norm)},
                                {"rate", static_cast<int>(state.rate)},
                                {"overlay", state.overlay ? "true" : "false"},
                                {"shots", state.shots_dir}};
  std::error_code ec;
  std::filesystem::create_directories(config_dir(), ec);
  std::ofstream out(config_dir() / "view.json");
  out << saved.dump(1) << '\n';
}

}  // namespace cerebro::ui
