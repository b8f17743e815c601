#pragma once
// Everything behind the live view that is not the window: the model and its backend, the
// pattern source, the cells the display rule shows (paged exactly as `cerebro capture` pages
// them), their render targets, and the page renderer shared with capture. Needs a current GL 3.3
// context (the window's, or EGL in tests) but no GLFW or ImGui.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "compute/backend.hpp"
#include "model/graph.hpp"
#include "patterns/pattern_source.hpp"
#include "render/page_renderer.hpp"
#include "render/texture.hpp"
#include "render/value_target.hpp"
#include "ui/view_state.hpp"

namespace cerebro::ui {

struct SessionOptions {
  std::string backend = "auto";
  patterns::PatternOptions pattern_options;
  std::vector<std::string> labels;  // class names for the top-5 chart; empty: "class i"
  int max_texture_size = 16384;
};

class ViewSession {
 public:
  explicit ViewSession(SessionOptions options);
  ~ViewSession();

  // Loads a model (with state.weights_path's weights when set) and a backend for it; on any error
  // the previous model stays and the error propagates. Fills state.layers and state.model_path.
  void load_model(const std::string& path, ViewState& state);
  // The model (or weights) file changed on disk since it was loaded, as a training script saving
  // an epoch does: loads it again keeping the pattern, layers and view, and says so in
  // state.notice. A file that does not load (still being written) leaves the previous model and
  // sets state.error; it is tried again when the file changes again. Returns whether it reloaded.
  bool reload_if_changed(ViewState& state);
  // Opens a pattern source for the loaded model; on error the previous one stays.
  void open_patterns(const std::string& spec, ViewState& state);
  bool has_model() const { return graph_ != nullptr; }
  const model::Graph& graph() const { return *graph_; }
  // Layer `layer`'s output for the current pattern, as the backend computed it.
  std::vector<float> output(int layer) const;
  // The backend's device and its memory in use, for the Performance panel.
  void update_device_info(ViewState& state) const;

  // Re-plans the shown cells from the state's rule, visibility and grid (cheap when unchanged).
  // Switches to maps (and says so in state.notice) when the article's rule shows nothing.
  void update_plan(ViewState& state);
  // Reads pattern state.pattern and runs every layer on it.
  void compute(ViewState& state);
  // Publishes the cells of the page (and, for layer normalisation, their layers' other cells).
  void publish(const ViewState& state);
  // Draws the page (or the zoomed cell) at width x height pixels through render::PageRenderer.
  void draw(const ViewState& state, int width, int height);
  // The same page straight into the window's default framebuffer (of width x height pixels), as the
  // live view draws every frame; read_page() then needs a draw() first.
  void draw_to_window(const ViewState& state, int width, int height);
  const render::Framebuffer* framebuffer() const;
  // Changes whenever the shown cells are re-planned (the grid must be published and drawn again).
  int plan_generation() const { return generation_; }
  // The page just drawn, RGBA rows top first (a screenshot: the same pixels as capture's page).
  std::vector<uint8_t> read_page() const;

  // What lies under page pixel (x, y); nothing outside a map.
  std::optional<Probe> probe(const ViewState& state, float x, float y) const;
  // The shown cell under page pixel (x, y), as an index into the plan; -1: none.
  int cell_at(const ViewState& state, float x, float y) const;
  // The sidecar of a screenshot: what `cerebro capture --state` needs to draw this page again.
  nlohmann::json sidecar(const ViewState& state) const;

 private:
  struct Plan {
    render::DisplayOptions display;  // the effective options: what a capture --state uses
    std::vector<render::CellSpec> cells;
    std::vector<std::unique_ptr<render::TextureTarget>> targets;
    bool percentiles = false;
  };
  render::DisplayOptions display_options(const ViewState& state) const;
  std::vector<int> page_cells(const ViewState& state) const;
  render::PageSpec page_spec(const ViewState& state) const;
  render::Range range_of(int cell) const;
  bool cells_tile_layer(int layer) const;
  // Picks (or makes) the renderer for the page and lists its cells.
  std::vector<render::DrawCell> prepare_draw(const ViewState& state, int width, int height);
  void update_input_image(ViewState& state, const std::vector<float>& input);
  void update_top5(ViewState& state);
  void count_nonfinite(ViewState& state);

  // What a watched file looked like when it was last loaded (or tried).
  struct FileStamp {
    std::filesystem::file_time_type time{};
    std::uintmax_t size = 0;
    bool operator==(const FileStamp&) const = default;
  };
  static FileStamp stamp(const std::string& path);

  SessionOptions options_;
  std::unique_ptr<model::Graph> graph_;
  std::unique_ptr<compute::Backend> backend_;
  std::unique_ptr<patterns::PatternSource> patterns_;
  FileStamp model_stamp_, weights_stamp_;
  std::unique_ptr<Plan> plan_;
  std::map<std::tuple<int, int, int, int, bool, bool>, std::unique_ptr<render::PageRenderer>> renderers_;
  render::PageRenderer* current_ = nullptr;
  render::PageSpec drawn_spec_;
  render::NormSpec current_norm_;
  int generation_ = 0;
  std::optional<render::Texture> input_texture_;
  std::vector<float> input_;
  std::map<int, ValueStats> layer_stats_;
  std::vector<ValueStats> output_stats_;  // every layer's, for the computed pattern (count_nonfinite)
};

}  // namespace cerebro::ui
