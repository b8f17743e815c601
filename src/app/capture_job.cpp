#include "app/capture_job.hpp"

#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <tuple>

#include "app/capture_plan.hpp"
#include "app/capture_state.hpp"
#include "app/capture_state_writer.hpp"
#include "app/model_inputs.hpp"
#include "app/progress_bar.hpp"
#include "compute/memory_budget.hpp"
#include "compute/publish.hpp"
#include "core/error.hpp"
#include "io/activation_writer.hpp"
#include "render/egl_context.hpp"
#include "render/encode_pool.hpp"
#include "render/font.hpp"
#include "render/page_renderer.hpp"
#include "render/plot_model.hpp"
#include "render/value_target.hpp"

namespace cerebro::app {
namespace fs = std::filesystem;
namespace {

// Keras' plot_model file name, "<model name> neural network architecture.png", with the model name
// (any text a file declares, "../../x" included) reduced to a safe stem so it stays in --out.
std::string architecture_file(const model::Graph& graph) {
  return io::safe_file_stem(graph.name().empty() ? "model" : graph.name()) + " neural network architecture.png";
}

CaptureStateHeader state_header(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs,
                                int64_t count, const CaptureOptions& options, const std::string& renderer,
                                const fs::path& font) {
  CaptureStateHeader header;
  header.model = graph.source_file();
  header.model_name = graph.name();
  header.origin = options.origin;
  for (size_t k = 0; k < inputs.size(); ++k) {
    header.inputs.push_back({graph.node_name(graph.input_layers()[k]), inputs[k]->describe()});
  }
  header.pattern_count = count;
  header.colormap = options.colormap;
  header.norm = options.norm;
  header.display = options.display;
  header.per_layer = options.per_layer;
  header.renderer = renderer;
  header.font = font.string();
  header.batch = std::min(options.batch, count);
  return header;
}

// Draws every page of every pattern. Owns the GL context's objects, so it lives inside the
// context's lifetime.
class CaptureRun {
 public:
  CaptureRun(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs, int64_t count,
             compute::Backend& backend, const CaptureOptions& options, CapturePlan plan)
      : graph_(graph), inputs_(inputs), count_(count), backend_(backend), publisher_(backend, graph), options_(options),
        plan_(std::move(plan)), pool_(options.threads) {
    for (const render::CellSpec& cell : plan_.cells) {
      // On the CUDA backend, textures CUDA writes directly (no trip through host memory).
      targets_.push_back(
          render::make_texture_target(cell.view.rows, cell.view.cols, backend.cuda_device().has_value()));
      if (options_.norm.mode == render::NormMode::Percentile) {
        targets_.back()->want_percentiles(std::pair{options_.norm.p_lo, options_.norm.p_hi});
      }
    }
  }

  // Returns the pages written; adds one capture.json entry per page to `files` as it is drawn.
  int64_t run(CaptureStateWriter& files) {
    const int64_t count = count_;
    batch_ = std::min(options_.batch, count);
    backend_.plan(graph_, batch_);
    // One host buffer per graph input, uploaded together: Backend::run takes them in
    // graph.input_layers() order, as inputs_ is.
    buffers_.resize(inputs_.size());
    pointers_.resize(inputs_.size());
    for (size_t k = 0; k < inputs_.size(); ++k) {
      buffers_[k].resize(static_cast<size_t>(batch_ * element_count(inputs_[k]->shape())));
      pointers_[k] = buffers_[k].data();
    }
    if (options_.norm.mode == render::NormMode::Set) collect_set_stats();
    ProgressBar progress(options_.progress ? count : 0, "patterns");
    int64_t pages = 0;
    for (int64_t first = 0; first < count; first += batch_) {
      const int64_t n = run_batch(first);
      for (int64_t k = 0; k < n; ++k) {
        publish_pattern(k);
        pages += draw_pattern(first + k, count, files);
        progress.update(first + k + 1, pages);
      }
    }
    pool_.finish();
    progress.finish(pages);
    return pages;
  }

 private:
  int64_t run_batch(int64_t first) {
    const int64_t n = std::min(batch_, count_ - first);
    for (size_t k = 0; k < inputs_.size(); ++k) inputs_[k]->read(first, n, buffers_[k].data());
    backend_.run(pointers_, n);
    publisher_.new_run(n);
    return n;
  }

  // --norm set: one range per layer over the whole pattern set, so scrubbing keeps colours stable.
  void collect_set_stats() {
    std::vector<std::unique_ptr<render::HostTarget>> hosts;
    for (const render::CellSpec& cell : plan_.cells) {
      hosts.push_back(std::make_unique<render::HostTarget>(cell.view.rows, cell.view.cols));
    }
    for (int64_t first = 0; first < count_; first += batch_) {
      const int64_t n = run_batch(first);
      for (int64_t k = 0; k < n; ++k) {
        publish_cells(k, hosts);
        for (size_t c = 0; c < plan_.cells.size(); ++c) {
          render_stats_merge(set_stats_[plan_.cells[c].view.layer], hosts[c]->stats());
        }
      }
    }
  }

  static void render_stats_merge(ValueStats& into, const ValueStats& more) { into = render::merge_stats(into, more); }

  // Every cell of the pattern in one call: on CUDA one map, one wait and one unmap for them all.
  template <typename Target>
  void publish_cells(int64_t index_in_batch, const std::vector<std::unique_ptr<Target>>& targets) {
    std::vector<PublishView> views;
    std::vector<RenderTarget*> pointers;
    for (size_t c = 0; c < plan_.cells.size(); ++c) {
      views.push_back(plan_.cells[c].view);
      views.back().pattern = index_in_batch;
      pointers.push_back(targets[c].get());
    }
    publisher_.publish_cells(views, pointers);
  }

  void publish_pattern(int64_t index_in_batch) {
    layer_stats_.clear();
    publish_cells(index_in_batch, targets_);
    for (size_t c = 0; c < plan_.cells.size(); ++c) {
      render_stats_merge(layer_stats_[plan_.cells[c].view.layer], targets_[c]->stats());
    }
  }

  render::Range range_of(int cell) const {
    const int layer = plan_.cells[static_cast<size_t>(cell)].layer;
    const ValueStats& own = targets_[static_cast<size_t>(cell)]->stats();
    const auto& groups = options_.norm.mode == render::NormMode::Set ? set_stats_ : layer_stats_;
    const auto group = groups.find(layer);
    return render::cell_range(options_.norm, own, group == groups.end() ? ValueStats{} : group->second);
  }

  int64_t draw_pattern(int64_t pattern, int64_t count, CaptureStateWriter& files) {
    const fs::path folder = count == 1 ? options_.out_dir : options_.out_dir / std::to_string(pattern);
    if (count > 1) io::make_output_folder(folder);
    const std::string prefix = count == 1 ? "" : std::to_string(pattern) + "/";
    for (size_t p = 0; p < plan_.pages.size(); ++p) {
      const PlannedPage& page = plan_.pages[p];
      std::vector<render::DrawCell> cells;
      std::vector<DrawnCell> drawn;
      for (size_t k = 0; k < page.cells.size(); ++k) {
        const int c = page.cells[k];
        const render::TextureTarget& target = *targets_[static_cast<size_t>(c)];
        const render::Range range = range_of(c);
        cells.push_back({static_cast<int>(k), plan_.cells[static_cast<size_t>(c)].title, &target.texture(),
                         plan_.cells[static_cast<size_t>(c)].view.count, range, target.stats()});
        drawn.push_back({c, range, target.stats()});
      }
      std::vector<uint8_t> rgba = pool_.take_buffer();
      renderer_for(page.spec).render(cells, rgba);
      pool_.submit(folder / page.file, std::move(rgba), page.spec.width, page.spec.height, render::PixelLayout::Rgba8);
      files.add(file_entry(pattern, static_cast<int>(p), prefix + page.file, drawn));
    }
    return static_cast<int64_t>(plan_.pages.size());
  }

  // One renderer per grid shape (fonts are sized to the cells); per-layer pages change titles.
  render::PageRenderer& renderer_for(const render::PageSpec& spec) {
    const auto key = std::tuple{spec.rows, spec.cols, spec.title.empty()};
    auto found = renderers_.find(key);
    if (found == renderers_.end()) {
      found = renderers_.emplace(key, std::make_unique<render::PageRenderer>(spec, options_.colormap)).first;
    }
    if (found->second->page().title != spec.title) found->second->set_page_title(spec.title);
    return *found->second;
  }

  const model::Graph& graph_;
  std::span<patterns::PatternSource* const> inputs_;  // one per graph input
  int64_t count_;
  compute::Backend& backend_;
  compute::Publisher publisher_;
  const CaptureOptions& options_;
  CapturePlan plan_;
  render::EncodePool pool_;
  std::vector<std::unique_ptr<render::TextureTarget>> targets_;
  std::map<std::tuple<int, int, bool>, std::unique_ptr<render::PageRenderer>> renderers_;
  std::map<int, ValueStats> layer_stats_;
  std::map<int, ValueStats> set_stats_;
  int64_t batch_ = 1;
  std::vector<std::vector<float>> buffers_;
  std::vector<const float*> pointers_;
};

}  // namespace

CaptureSummary capture(const model::Graph& graph, patterns::PatternSource& patterns, compute::Backend& backend,
                       const CaptureOptions& options) {
  patterns::PatternSource* const inputs[] = {&patterns};
  return capture(graph, inputs, backend, options);
}

CaptureSummary capture(const model::Graph& graph, std::span<patterns::PatternSource* const> inputs,
                       compute::Backend& backend, const CaptureOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t count = common_count(graph, inputs, options.origin.specs);
  compute::check_supported(backend, graph);
  // Host buffers: checked here, before any texture or folder exists (the backend checks again when
  // it plans; a GPU backend checks its own memory then).
  if (!backend.cuda_device()) {
    compute::check_outputs_fit(graph, std::min(options.batch, count), compute::host_memory_budget());
  }
  render::colormap_table(options.colormap);  // an unknown name fails before any work
  const fs::path font = render::find_font_file();

  // On the CUDA backend, GL on the same GPU (EGL_NV_device_cuda), so textures can be shared.
  render::EglContext context(backend.cuda_device());
  CaptureOptions effective = options;
  effective.display.max_texture_size = std::min<int64_t>(options.display.max_texture_size, context.max_texture_size());
  CapturePlan plan = options.per_layer ? plan_per_layer_pages(graph, effective.display, options.page)
                                       : plan_grid_pages(graph, effective.display, options.page);

  const CaptureStateHeader header = state_header(graph, inputs, count, effective, context.description(), font);
  io::make_output_folder(options.out_dir);  // once the plan stands: a refused capture leaves nothing on disk
  CaptureStateWriter state(options.out_dir / "capture.json", capture_state(header, graph, plan));
  CaptureSummary summary;
  summary.patterns = count;
  {
    CaptureRun run(graph, inputs, count, backend, effective, std::move(plan));
    summary.pages = run.run(state);
  }
  state.finish();
  if (options.plot_model) render::plot_model(graph, options.out_dir / architecture_file(graph));
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace cerebro::app
