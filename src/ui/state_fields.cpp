#include "ui/state_fields.hpp"

#include <charconv>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "render/colormap.hpp"

namespace cerebro::ui {
namespace {

int64_t whole(std::string_view text, std::string_view key, int64_t lo, int64_t hi) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < lo || value > hi) {
    throw_bad_input("--set", std::string(key) + " takes a whole number from " + std::to_string(lo) + " to " +
                                 std::to_string(hi) + ", got '" + std::string(text) + "'");
  }
  return value;
}

bool flag(std::string_view text, std::string_view key) {
  if (text == "1" || text == "true" || text == "on") return true;
  if (text == "0" || text == "false" || text == "off") return false;
  throw_bad_input("--set", std::string(key) + " takes true or false, got '" + std::string(text) + "'");
}

std::pair<int, int> pair_of(std::string_view text, std::string_view key, int lo, int hi) {
  const size_t x = text.find('x');
  if (x == std::string_view::npos) throw_bad_input("--set", std::string(key) + " takes AxB");
  return {static_cast<int>(whole(text.substr(0, x), key, lo, hi)),
          static_cast<int>(whole(text.substr(x + 1), key, lo, hi))};
}

using Setter = std::function<void(ViewState&, std::string_view)>;

const std::map<std::string, Setter, std::less<>>& setters() {
  static const std::map<std::string, Setter, std::less<>> table = {
      {"pattern", [](ViewState& s, std::string_view v) { s.pattern = whole(v, "pattern", 0, int64_t{1} << 40); }},
      {"page", [](ViewState& s, std::string_view v) { s.page = static_cast<int>(whole(v, "page", 0, 1 << 20)); }},
      {"rows", [](ViewState& s, std::string_view v) { s.rows = static_cast<int>(whole(v, "rows", 1, 8)); }},
      {"cols", [](ViewState& s, std::string_view v) { s.cols = static_cast<int>(whole(v, "cols", 1, 8)); }},
      {"grid", [](ViewState& s, std::string_view v) { std::tie(s.rows, s.cols) = pair_of(v, "grid", 1, 8); }},
      {"threshold_rows",
       [](ViewState& s, std::string_view v) { s.threshold_rows = static_cast<int>(whole(v, "threshold_rows", 0, 512)); }},
      {"threshold_cols",
       [](ViewState& s, std::string_view v) { s.threshold_cols = static_cast<int>(whole(v, "threshold_cols", 0, 512)); }},
      {"limit",
       [](ViewState& s, std::string_view v) { std::tie(s.threshold_rows, s.threshold_cols) = pair_of(v, "limit", 0, 512); }},
      {"show", [](ViewState& s, std::string_view v) { s.show = parse_show(v, "--set show"); }},
      {"stretch", [](ViewState& s, std::string_view v) { s.stretch = flag(v, "stretch"); }},
      {"colorbars", [](ViewState& s, std::string_view v) { s.colorbars = flag(v, "colorbars"); }},
      {"input", [](ViewState& s, std::string_view v) { s.input_cell = flag(v, "input"); }},
      {"square_strips", [](ViewState& s, std::string_view v) { s.square_strips = flag(v, "square_strips"); }},
      {"colormap",
       [](ViewState& s, std::string_view v) {
         render::colormap_table(v);
         s.colormap = v;
       }},
      {"norm", [](ViewState& s, std::string_view v) { s.norm = render::parse_norm(v); }},
      {"playing", [](ViewState& s, std::string_view v) { s.playing = flag(v, "playing"); }},
      {"rate", [](ViewState& s, std::string_view v) { s.rate = static_cast<double>(whole(v, "rate", 0, 100000)); }},
      {"overlay", [](ViewState& s, std::string_view v) { s.overlay = flag(v, "overlay"); }},
      {"zoom", [](ViewState& s, std::string_view v) { s.zoom_cell = static_cast<int>(whole(v, "zoom", -1, 1 << 20)); }},
      {"hide", [](ViewState& s, std::string_view v) { s.hidden_layers.insert(std::string(v)); }},
      {"solo", [](ViewState& s, std::string_view v) { s.solo_layer = v; }},
      {"shots", [](ViewState& s, std::string_view v) { s.shots_dir = v; }},
      {"screenshot", [](ViewState& s, std::string_view v) { s.screenshot = flag(v, "screenshot"); }},
      {"load", [](ViewState& s, std::string_view v) { s.load_model = v; }},
      {"screenshot_overlay", [](ViewState& s, std::string_view v) { s.screenshot_overlay = flag(v, "screenshot_overlay"); }},
  };
  return table;
}

}  // namespace

const char* show_text(render::ShowMode mode) {
  switch (mode) {
    case render::ShowMode::Maps: return "maps";
    case render::ShowMode::All: return "all";
    case render::ShowMode::Article: break;
  }
  return "article";
}

render::ShowMode parse_show(std::string_view text, std::string_view context) {
  if (text == "article") return render::ShowMode::Article;
  if (text == "maps") return render::ShowMode::Maps;
  if (text == "all") return render::ShowMode::All;
  throw_bad_input(context, "expected article, maps or all, got '" + std::string(text) + "'");
}

std::vector<std::string> field_names() {
  std::vector<std::string> names;
  for (const auto& entry : setters()) names.push_back(entry.first);
  return names;
}

void set_field(ViewState& state, std::string_view assignment) {
  const size_t eq = assignment.find('=');
  const std::string_view key = assignment.substr(0, eq);
  const auto found = setters().find(key);
  if (eq == std::string_view::npos || found == setters().end()) {
    std::string known;
    for (const std::string& name : field_names()) known += (known.empty() ? "" : ", ") + name;
    throw_bad_input("--set", "expected key=value with a key among " + known + ", got '" + std::string(assignment) + "'");
  }
  found->second(state, assignment.substr(eq + 1));
}

StateCapture read_state_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw_bad_input(path.string(), "cannot read the state file");
  const nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.value("format", "") != "cerebro view state") {
    throw_bad_input(path.string(), "not a cerebro view state (a screenshot's .json sidecar)");
  }
  try {
    StateCapture s;
    s.model = doc.at("model").get<std::string>();
    s.weights = doc.value("weights", "");  // sidecars before --weights have none
    s.patterns = doc.at("patterns").get<std::string>();
    const nlohmann::json& po = doc.at("pattern_options");
    s.pattern_options.first = po.at("first").get<int64_t>();
    s.pattern_options.count = 1;
    s.pattern_options.resize = po.at("resize").get<bool>();
    s.pattern_options.invert = po.at("invert").get<bool>();
    s.pattern_options.mean = po.at("mean").get<std::vector<double>>();
    s.pattern_options.std = po.at("std").get<std::vector<double>>();
    if (po.contains("scale")) s.pattern_options.scale = po.at("scale").get<double>();
    s.page.width = doc.at("size").at(0).get<int>();
    s.page.height = doc.at("size").at(1).get<int>();
    s.page.rows = doc.at("grid").at(0).get<int>();
    s.page.cols = doc.at("grid").at(1).get<int>();
    s.page.stretch = doc.at("stretch").get<bool>();
    s.page.colorbars = doc.value("colorbars", true);  // sidecars from before the switch had bars
    s.display.threshold_rows = doc.at("limit").at(0).get<int64_t>();
    s.display.threshold_cols = doc.at("limit").at(1).get<int64_t>();
    s.display.show = parse_show(doc.at("show").get<std::string>(), path.string());
    s.display.input = doc.at("input").get<bool>();
    s.display.layers = doc.at("layers").get<std::vector<std::string>>();
    s.display.square_strips = doc.value("square_strips", false);
    s.norm = render::parse_norm(doc.at("normalization").get<std::string>());
    s.colormap = doc.at("colormap").get<std::string>();
    s.page_index = doc.at("page").get<int>();
    s.page_file = doc.at("page_file").get<std::string>();
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw_bad_input(path.string(), std::string("a field is missing or of the wrong type: ") + e.what());
  }
}

}  // namespace cerebro::ui
