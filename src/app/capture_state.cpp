#include "app/capture_state.hpp"

#include "render/colormap.hpp"
#include "ui/state_fields.hpp"

namespace cerebro::app {
namespace {

nlohmann::json rect_json(const render::Rect& r) { return {r.x, r.y, r.w, r.h}; }

nlohmann::json page_json(const PlannedPage& page, int index) {
  const render::TextSizes sizes = render::text_sizes(page.spec);
  return {{"page", index},
          {"file", page.file},
          {"width", page.spec.width},
          {"height", page.spec.height},
          {"grid", {page.spec.rows, page.spec.cols}},
          {"stretch", page.spec.stretch},
          {"colorbars", page.spec.colorbars},
          {"title", page.spec.title},
          {"title_px", sizes.title_px},
          {"label_px", sizes.label_px},
          {"cells", page.cells}};
}

nlohmann::json cell_json(const model::Graph& graph, const CapturePlan& plan, int cell_index, int page_index,
                         int position) {
  const render::CellSpec& cell = plan.cells[static_cast<size_t>(cell_index)];
  const render::PageSpec& spec = plan.pages[static_cast<size_t>(page_index)].spec;
  const render::CellLayout layout = render::layout_cell(spec, position, cell.view.rows, cell.view.cols);
  const PublishView& v = cell.view;
  return {{"cell", cell_index},
          {"layer", graph.node_name(cell.layer)},
          {"layer_index", cell.layer},
          {"class", graph.layer(cell.layer).keras_class()},
          {"channel", cell.channel < 0 ? nlohmann::json(nullptr) : nlohmann::json(cell.channel)},
          {"shape", cell.shape},
          {"title", cell.title},
          {"page", page_index},
          {"position", {position / spec.cols, position % spec.cols}},
          {"view", {{"offset", v.offset}, {"rows", v.rows}, {"cols", v.cols}, {"row_stride", v.row_stride},
                    {"col_stride", v.col_stride}, {"count", v.count}}},
          {"image_rect", rect_json(layout.image)},
          {"colorbar_rect", rect_json(layout.colorbar)}};
}

nlohmann::json options_json(const patterns::PatternOptions& o) {
  return {{"first", o.first},
          {"count", o.count ? nlohmann::json(*o.count) : nlohmann::json(nullptr)},
          {"resize", o.resize},
          {"scale", o.scale ? nlohmann::json(*o.scale) : nlohmann::json(nullptr)},
          {"invert", o.invert},
          {"mean", o.mean},
          {"std", o.std}};
}

// One input: its description under "source" as before; several: {name: description}, as export's
// layers.json. "inputs" says what each was opened from, for --state.
nlohmann::json patterns_json(const CaptureStateHeader& h) {
  nlohmann::json source = h.inputs.size() == 1 ? nlohmann::json(h.inputs[0].source) : nlohmann::json::object();
  nlohmann::json inputs = nlohmann::json::array();
  for (size_t k = 0; k < h.inputs.size(); ++k) {
    if (h.inputs.size() > 1) source[h.inputs[k].name] = h.inputs[k].source;
    const bool known = k < h.origin.specs.size();
    inputs.push_back({{"name", h.inputs[k].name},
                      {"source", h.inputs[k].source},
                      {"spec", known ? nlohmann::json(h.origin.specs[k]) : nlohmann::json(nullptr)}});
  }
  return {{"source", source}, {"count", h.pattern_count}, {"inputs", inputs}, {"options", options_json(h.origin.pattern_options)}};
}

}  // namespace

nlohmann::json capture_state(const CaptureStateHeader& h, const model::Graph& graph, const CapturePlan& plan) {
  nlohmann::json pages = nlohmann::json::array();
  nlohmann::json cells = nlohmann::json::array();
  for (size_t p = 0; p < plan.pages.size(); ++p) {
    pages.push_back(page_json(plan.pages[p], static_cast<int>(p)));
    const std::vector<int>& on_page = plan.pages[p].cells;
    for (size_t k = 0; k < on_page.size(); ++k) {
      cells.push_back(cell_json(graph, plan, on_page[k], static_cast<int>(p), static_cast<int>(k)));
    }
  }
  const render::DisplayOptions& d = h.display;
  return {{"format", "cerebro capture state"},
          {"version", 2},
          {"model", h.model},
          {"weights", h.origin.weights},
          {"model_name", h.model_name},
          {"patterns", patterns_json(h)},
          {"batch", h.batch},
          {"colormap", h.colormap},
          {"colormap_names", render::colormap_names()},
          {"normalization", {{"mode", render::norm_text(h.norm)}}},
          {"non_finite_colors", {{"nan", render::kNanColor}, {"pos_inf", render::kPosInfColor},
                                 {"neg_inf", render::kNegInfColor}}},
          {"display", {{"show", ui::show_text(d.show)}, {"limit", {d.threshold_rows, d.threshold_cols}},
                       {"input", d.input}, {"layers", d.layers}, {"square_strips", d.square_strips},
                       {"max_texture_size", d.max_texture_size}, {"per_layer", h.per_layer}}},
          {"renderer", h.renderer},
          {"font", h.font},
          {"pages", pages},
          {"cells", cells},
          {"files", nlohmann::json::array()}};
}

nlohmann::json file_entry(int64_t pattern, int page, const std::string& file, const std::vector<DrawnCell>& cells) {
  nlohmann::json ranges = nlohmann::json::array();
  for (const DrawnCell& c : cells) {
    nlohmann::json entry = {{"cell", c.cell},
                            {"range", {c.range.lo, c.range.hi}},
                            {"finite", c.stats.finite},
                            {"nan", c.stats.nan},
                            {"pos_inf", c.stats.pos_inf},
                            {"neg_inf", c.stats.neg_inf}};
    if (c.stats.finite > 0) entry["min_max"] = {c.stats.min, c.stats.max};
    ranges.push_back(std::move(entry));
  }
  return {{"pattern", pattern}, {"page", page}, {"file", file}, {"cells", ranges}};
}

}  // namespace cerebro::app
