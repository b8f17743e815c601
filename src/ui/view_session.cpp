#include "ui/view_session.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "render/colormap.hpp"
#include "ui/state_fields.hpp"

namespace cerebro::ui {
namespace fs = std::filesystem;

namespace {

bool same_display(const render::DisplayOptions& a, const render::DisplayOptions& b) {
  return a.show == b.show && a.threshold_rows == b.threshold_rows && a.threshold_cols == b.threshold_cols &&
         a.input == b.input && a.layers == b.layers && a.square_strips == b.square_strips &&
         a.max_texture_size == b.max_texture_size;
}

// The layers of `cells` in order, each once.
std::vector<std::string> cell_layers(const model::Graph& graph, const std::vector<render::CellSpec>& cells) {
  std::vector<std::string> names;
  for (const render::CellSpec& cell : cells) {
    const std::string& name = graph.node_name(cell.layer);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

}  // namespace

ViewSession::ViewSession(SessionOptions options) : options_(std::move(options)) {}
ViewSession::~ViewSession() = default;

ViewSession::FileStamp ViewSession::stamp(const std::string& path) {
  FileStamp s;
  if (path.empty()) return s;
  std::error_code ec;
  s.time = fs::last_write_time(path, ec);
  s.size = fs::file_size(path, ec);
  if (ec) s.size = 0;
  return s;
}

void ViewSession::load_model(const std::string& path, ViewState& state) {
  // Stamped before reading: a file replaced while it is read is seen as changed at the next poll.
  const FileStamp model_stamp = stamp(path);
  const FileStamp weights_stamp = stamp(state.weights_path);
  auto graph = std::make_unique<model::Graph>(io::load_model(path, state.weights_path));
  if (graph->input_layers().size() != 1) {
    throw_unsupported(path, "viewing models with several inputs is not supported yet");
  }
  auto backend = compute::make_backend(options_.backend, *graph);
  backend->plan(*graph, 1);
  // The same source opened again for this model's input: random patterns take its shape, a file
  // that does not fit is an error and the previous model stays.
  auto source = patterns::open_patterns(state.patterns, graph->output_shape(graph->input_layers().at(0)),
                                        options_.pattern_options);
  model_stamp_ = model_stamp;
  weights_stamp_ = weights_stamp;
  graph_ = std::move(graph);
  backend_ = std::move(backend);
  patterns_ = std::move(source);
  plan_.reset();
  state.model_path = path;
  if (state.model_path_edit.empty()) state.model_path_edit = path;
  state.pattern_count = patterns_->count();
  state.pattern = std::clamp<int64_t>(state.pattern, 0, state.pattern_count - 1);
  state.layers.clear();
  for (int i = 0; i < graph_->size(); ++i) {
    state.layers.push_back({i, graph_->node_name(i), graph_->layer(i).keras_class(),
                            shape_tuple(graph_->output_shape(i)), graph_->params(i).total(), false, {}});
  }
  output_stats_.clear();
  state.backend = std::string(backend_->name());
  update_device_info(state);
  state.recompute = true;
}

bool ViewSession::reload_if_changed(ViewState& state) {
  if (!graph_) return false;
  const FileStamp model_now = stamp(state.model_path);
  const FileStamp weights_now = stamp(state.weights_path);
  if (model_now == model_stamp_ && weights_now == weights_stamp_) return false;
  try {
    load_model(state.model_path, state);
    state.notice = "reloaded " + state.model_path + " (changed on disk)";
    return true;
  } catch (const Error& e) {
    // Not again until the file changes again (a training script still writing it will).
    model_stamp_ = model_now;
    weights_stamp_ = weights_now;
    state.error = std::string(e.what()) + " (the previous model stays loaded)";
    return false;
  }
}

void ViewSession::open_patterns(const std::string& spec, ViewState& state) {
  auto source = patterns::open_patterns(spec, graph_->output_shape(graph_->input_layers().at(0)),
                                        options_.pattern_options);
  patterns_ = std::move(source);
  state.patterns = spec;
  state.pattern_count = patterns_->count();
  state.pattern = std::clamp<int64_t>(state.pattern, 0, state.pattern_count - 1);
  state.recompute = true;
}

render::DisplayOptions ViewSession::display_options(const ViewState& state) const {
  render::DisplayOptions d;
  d.show = state.show;
  d.threshold_rows = state.threshold_rows;
  d.threshold_cols = state.threshold_cols;
  d.input = state.input_cell;
  d.layers = state.layer_list;
  d.square_strips = state.square_strips;
  d.max_texture_size = options_.max_texture_size;
  return d;
}

void ViewSession::update_plan(ViewState& state) {
  if (state.norm.mode == render::NormMode::Set) {
    state.norm.mode = render::NormMode::Layer;
    state.error = "normalisation 'set' is capture-only for now: using 'layer'";
  }
  render::DisplayOptions display = display_options(state);
  std::vector<render::CellSpec> cells = render::shown_cells(*graph_, display);
  if (cells.empty() && display.show == render::ShowMode::Article) {
    state.notice = "the article's rule shows no layer of " + graph_->name() + ": showing maps";
    state.show = display.show = render::ShowMode::Maps;
    cells = render::shown_cells(*graph_, display);
  }
  if (cells.empty() && display.show == render::ShowMode::Maps) {
    state.notice = "no layer has maps above the threshold: showing all outputs";
    state.show = display.show = render::ShowMode::All;
    cells = render::shown_cells(*graph_, display);
  }
  // Hidden and solo layers become an explicit --layers list, so capture --state draws the same.
  const std::vector<std::string> all = cell_layers(*graph_, cells);
  std::vector<std::string> visible;
  for (const std::string& name : all) {
    const bool shown = state.solo_layer.empty() ? !state.hidden_layers.contains(name) : name == state.solo_layer;
    if (shown) visible.push_back(name);
  }
  if (visible != all) {
    display.layers = visible;
    cells = visible.empty() ? std::vector<render::CellSpec>{} : render::shown_cells(*graph_, display);
  }
  for (LayerRow& row : state.layers) {
    row.has_cells = std::find(all.begin(), all.end(), row.name) != all.end();
  }
  const int per_page = state.rows * state.cols;
  state.page_count = std::max(1, (static_cast<int>(cells.size()) + per_page - 1) / per_page);
  state.page = std::clamp(state.page, 0, state.page_count - 1);
  if (state.zoom_cell >= static_cast<int>(cells.size())) state.zoom_cell = -1;
  const bool percentiles = state.norm.mode == render::NormMode::Percentile;
  if (plan_ && same_display(plan_->display, display) && plan_->percentiles == percentiles) return;
  plan_ = std::make_unique<Plan>();
  ++generation_;
  plan_->display = display;
  plan_->cells = std::move(cells);
  plan_->percentiles = percentiles;
  for (const render::CellSpec& cell : plan_->cells) {
    plan_->targets.push_back(
        render::make_texture_target(cell.view.rows, cell.view.cols, backend_->cuda_device().has_value()));
    if (percentiles) plan_->targets.back()->want_percentiles(std::pair{state.norm.p_lo, state.norm.p_hi});
  }
  state.recompute = true;
}

void ViewSession::compute(ViewState& state) {
  input_.resize(static_cast<size_t>(element_count(patterns_->shape())));
  patterns_->read(state.pattern, 1, input_.data());
  const float* input = input_.data();
  backend_->run(std::span(&input, 1), 1);
  update_input_image(state, input_);
  update_top5(state);
  count_nonfinite(state);
}

std::vector<int> ViewSession::page_cells(const ViewState& state) const {
  if (state.zoom_cell >= 0) return {state.zoom_cell};
  std::vector<int> cells;
  const int per_page = state.rows * state.cols;
  const int count = static_cast<int>(plan_->cells.size());
  for (int k = state.page * per_page; k < std::min(count, (state.page + 1) * per_page); ++k) cells.push_back(k);
  return cells;
}

// Whether layer `layer`'s cells in the plan hold each of its output values once (one cell for the
// whole output, or one per channel): their merged statistics are then the whole output's.
bool ViewSession::cells_tile_layer(int layer) const {
  int64_t values = 0;
  for (const render::CellSpec& cell : plan_->cells) {
    if (cell.layer == layer) values += cell.view.count;
  }
  return values == element_count(graph_->output_shape(layer));
}

void ViewSession::publish(const ViewState& state) {
  const std::vector<int> on_page = page_cells(state);
  std::vector<bool> wanted(plan_->cells.size(), false);
  for (const int c : on_page) wanted[static_cast<size_t>(c)] = true;
  layer_stats_.clear();
  // A layer's range spans all its channels, as capture computes it. The whole output's statistics
  // came with the pattern (count_nonfinite): where the layer's cells tile its output they are the
  // same values, and the cells off the page need not be published for them. Otherwise (a cell
  // showing part of the output) those cells are published too and merged, as capture does.
  if (state.norm.mode == render::NormMode::Layer) {
    const bool have_outputs = output_stats_.size() == static_cast<size_t>(graph_->size());
    for (const int p : on_page) {
      const int layer = plan_->cells[static_cast<size_t>(p)].layer;
      if (have_outputs && cells_tile_layer(layer)) {
        layer_stats_[layer] = output_stats_[static_cast<size_t>(layer)];
        continue;
      }
      for (size_t c = 0; c < plan_->cells.size(); ++c) {
        if (plan_->cells[c].layer == layer) wanted[c] = true;
      }
    }
  }
  // One call for the page: on CUDA one map, one wait and one unmap for all its textures.
  std::vector<PublishView> views;
  std::vector<RenderTarget*> targets;
  for (size_t c = 0; c < plan_->cells.size(); ++c) {
    if (!wanted[c]) continue;
    views.push_back(plan_->cells[c].view);
    views.back().pattern = 0;
    targets.push_back(plan_->targets[c].get());
  }
  backend_->publish_cells(views, targets);
  std::map<int, ValueStats> merged;
  for (size_t c = 0; c < plan_->cells.size(); ++c) {
    if (!wanted[c]) continue;
    const int layer = plan_->cells[c].view.layer;
    merged[layer] = render::merge_stats(merged[layer], plan_->targets[c]->stats());
  }
  layer_stats_.merge(merged);  // keeps a whole output's statistics where it has them
}

render::Range ViewSession::range_of(int cell) const {
  const auto& target = *plan_->targets[static_cast<size_t>(cell)];
  const auto group = layer_stats_.find(plan_->cells[static_cast<size_t>(cell)].layer);
  return render::cell_range(current_norm_, target.stats(), group == layer_stats_.end() ? ValueStats{} : group->second);
}

render::PageSpec ViewSession::page_spec(const ViewState& state) const {
  render::PageSpec spec;
  spec.rows = state.zoom_cell >= 0 ? 1 : state.rows;
  spec.cols = state.zoom_cell >= 0 ? 1 : state.cols;
  spec.stretch = state.stretch;
  spec.colorbars = state.colorbars;
  return spec;
}

void ViewSession::draw(const ViewState& state, int width, int height) {
  const std::vector<render::DrawCell> cells = prepare_draw(state, width, height);  // sets current_
  current_->draw(cells);
}

void ViewSession::draw_to_window(const ViewState& state, int width, int height) {
  const std::vector<render::DrawCell> cells = prepare_draw(state, width, height);
  current_->draw_to_window(cells);
}

std::vector<render::DrawCell> ViewSession::prepare_draw(const ViewState& state, int width, int height) {
  render::PageSpec spec = page_spec(state);
  spec.width = width;
  spec.height = height;
  // Colour bars and stretch are part of the renderer's page spec: toggling them needs another.
  const auto key = std::tuple{spec.rows, spec.cols, width, height, spec.stretch, spec.colorbars};
  auto found = renderers_.find(key);
  if (found == renderers_.end()) {
    // Fonts are sized to the page: a resized window needs a new renderer; old sizes go.
    std::erase_if(renderers_, [&](const auto& entry) {
      return std::get<2>(entry.first) != width || std::get<3>(entry.first) != height;
    });
    found = renderers_.emplace(key, std::make_unique<render::PageRenderer>(spec, state.colormap)).first;
  }
  current_ = found->second.get();
  if (current_->colormap() != state.colormap) current_->set_colormap(state.colormap);
  current_norm_ = state.norm;
  std::vector<render::DrawCell> cells;
  const std::vector<int> on_page = page_cells(state);
  for (size_t k = 0; k < on_page.size(); ++k) {
    const int c = on_page[k];
    const render::TextureTarget& target = *plan_->targets[static_cast<size_t>(c)];
    cells.push_back({static_cast<int>(k), plan_->cells[static_cast<size_t>(c)].title, &target.texture(),
                     plan_->cells[static_cast<size_t>(c)].view.count, range_of(c), target.stats()});
  }
  drawn_spec_ = spec;
  return cells;
}

const render::Framebuffer* ViewSession::framebuffer() const {
  return current_ ? &current_->framebuffer() : nullptr;
}

std::vector<uint8_t> ViewSession::read_page() const {
  std::vector<uint8_t> rgba;
  if (current_) current_->framebuffer().read_rgba(rgba);
  return rgba;
}

}  // namespace cerebro::ui
