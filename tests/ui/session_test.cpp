// ViewSession, the live view without its window, on a headless EGL context: the NaN and infinity
// counts the overlay shows, and a model file replaced on disk under a running view.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "io/npy.hpp"
#include "io/npz.hpp"
#include "render/colormap.hpp"
#include "render/egl_context.hpp"
#include "support/reference.hpp"
#include "support/test_support.hpp"
#include "ui/view_session.hpp"

namespace cerebro::ui {
namespace {

namespace fs = std::filesystem;

NonFinite count_nonfinite(const std::vector<double>& values) {
  NonFinite n;
  for (const double v : values) {
    if (std::isnan(v)) ++n.nan;
    if (std::isinf(v)) ++(v > 0 ? n.pos_inf : n.neg_inf);
  }
  return n;
}

const LayerRow& row_named(const ViewState& state, const std::string& name) {
  for (const LayerRow& row : state.layers) {
    if (row.name == name) return row;
  }
  throw std::runtime_error("no layer row " + name);
}

// Pixels of exactly colour `rgb` in an RGBA page.
int64_t pixels_of(const std::vector<uint8_t>& rgba, const render::Rgb& rgb) {
  int64_t n = 0;
  for (size_t i = 0; i + 3 < rgba.size(); i += 4) {
    n += rgba[i] == rgb[0] && rgba[i + 1] == rgb[1] && rgba[i + 2] == rgb[2] ? 1 : 0;
  }
  return n;
}

class Session : public ::testing::Test {
 protected:
  // One frame's work, as the viewer's frame loop does it.
  void frame(ViewSession& session) {
    session.update_plan(state);
    session.compute(state);
    session.publish(state);
    session.draw(state, 600, 400);
  }
  int layer_index(const ViewSession& session, const std::string& name) {
    for (int i = 0; i < session.graph().size(); ++i) {
      if (session.graph().node_name(i) == name) return i;
    }
    throw std::runtime_error("no layer " + name);
  }

  render::EglContext gl;
  testing::TempDir dir;
  ViewState state;
};

// The pattern of tools/make_bad_fixtures.py (NaN, +Inf and -Inf in chosen rows of an article
// input) against tf.keras' own outputs for it: every layer's counts, their total, the cells'
// counts in the screenshot sidecar, and the page drawing them in capture's colours. A second,
// finite pattern then counts nothing.
TEST_F(Session, NonFiniteValuesAreCountedPerLayerAndInTotalAsKerasComputesThem) {
  const io::NpyReader bad(testing::fixture("bad/nonfinite_article.input.npy").string());  // (1, 50, 50)
  std::vector<float> both(static_cast<size_t>(2 * bad.element_count()));
  bad.read(0, bad.element_count(), both.data());
  for (int64_t i = 0; i < bad.element_count(); ++i) {
    const float v = both[static_cast<size_t>(i)];
    both[static_cast<size_t>(bad.element_count() + i)] = std::isfinite(v) ? v : 0.5f;
  }
  const fs::path patterns = dir / "two.npy";
  {
    io::NpyWriter writer(patterns.string(), {2, 50, 50});
    writer.append(both.data(), static_cast<int64_t>(both.size()));
    writer.finish();
  }
  const auto keras = io::read_npz(testing::fixture("bad/nonfinite_article.keras_outputs.npz"));
  state.patterns = patterns.string();
  ViewSession session(SessionOptions{});
  session.load_model(testing::fixture("article_tfkeras.h5").string(), state);
  frame(session);

  NonFinite total;
  int64_t shown_with_nan = 0;
  for (const auto& [name, array] : keras) {
    const NonFinite expected = count_nonfinite(array.values);
    const LayerRow& row = row_named(state, name);
    EXPECT_EQ(row.nonfinite.nan, expected.nan) << name;
    EXPECT_EQ(row.nonfinite.pos_inf, expected.pos_inf) << name;
    EXPECT_EQ(row.nonfinite.neg_inf, expected.neg_inf) << name;
    total.nan += expected.nan;
    total.pos_inf += expected.pos_inf;
    total.neg_inf += expected.neg_inf;
    shown_with_nan += row.has_cells && expected.nan > 0 ? 1 : 0;
  }
  EXPECT_EQ(keras.size(), state.layers.size());
  // The pattern puts every kind somewhere; otherwise this test would check little.
  ASSERT_GT(total.nan, 0);
  ASSERT_GT(total.pos_inf, 0);
  ASSERT_GT(total.neg_inf, 0);
  EXPECT_GT(shown_with_nan, 0);
  EXPECT_EQ(state.nonfinite.nan, total.nan);
  EXPECT_EQ(state.nonfinite.pos_inf, total.pos_inf);
  EXPECT_EQ(state.nonfinite.neg_inf, total.neg_inf);

  // The sidecar's cells count what was published for them: the whole layer, one cell each here.
  const nlohmann::json sidecar = session.sidecar(state);
  ASSERT_FALSE(sidecar.at("cells").empty());
  for (const nlohmann::json& cell : sidecar.at("cells")) {
    const NonFinite expected = count_nonfinite(keras.at(cell.at("layer").get<std::string>()).values);
    EXPECT_EQ(cell.at("nan").get<int64_t>(), expected.nan) << cell.at("layer");
    EXPECT_EQ(cell.at("pos_inf").get<int64_t>(), expected.pos_inf) << cell.at("layer");
    EXPECT_EQ(cell.at("neg_inf").get<int64_t>(), expected.neg_inf) << cell.at("layer");
  }
  EXPECT_EQ(sidecar.at("nonfinite").at("nan").get<int64_t>(), total.nan);
  const std::vector<uint8_t> page = session.read_page();
  EXPECT_GT(pixels_of(page, render::kNanColor), 0);
  EXPECT_GT(pixels_of(page, render::kPosInfColor), 0);

  state.pattern = 1;
  frame(session);
  EXPECT_EQ(state.nonfinite.total(), 0);
  for (const LayerRow& row : state.layers) EXPECT_EQ(row.nonfinite.total(), 0) << row.name;
  EXPECT_EQ(pixels_of(session.read_page(), render::kNanColor), 0);
}

// Colour bars and stretch switched in a running view (the Look and Grid panels) reach the page:
// it equals the page a fresh view with that setting draws, and switching back restores it.
TEST_F(Session, SwitchingColourBarsAndStretchRedrawsThePageAsAFreshViewDraws) {
  state.patterns = "random:2:4";
  const auto page_of = [&](ViewSession& session) {
    frame(session);
    return session.read_page();
  };
  ViewSession session{SessionOptions{}};
  session.load_model(testing::fixture("article_tfkeras.h5").string(), state);
  const std::vector<uint8_t> barred = page_of(session);
  for (bool* setting : {&state.colorbars, &state.stretch}) {
    *setting = !*setting;
    const std::vector<uint8_t> switched = page_of(session);
    EXPECT_NE(switched, barred);
    ViewSession fresh{SessionOptions{}};
    fresh.load_model(testing::fixture("article_tfkeras.h5").string(), state);
    EXPECT_EQ(switched, page_of(fresh));
    *setting = !*setting;
    EXPECT_EQ(page_of(session), barred);
  }
}

// A training script saving a new epoch over the model file: the next poll loads it and keeps the
// pattern, hidden layers, grid and colormap; outputs are the new weights' (tf.keras' reference).
// A file that does not load keeps the previous model, says so, and is not retried until it
// changes again.
TEST_F(Session, ModelReplacedOnDiskIsReloadedKeepingTheView) {
  const fs::path model = dir / "model.h5";
  fs::copy_file(testing::fixture("article_tfkeras.h5"), model);
  const testing::Reference seq = testing::load_reference(testing::fixture("ref"), "article_seq_tfkeras.h5");
  state.patterns = testing::fixture("ref/article_seq_tfkeras.h5.input.npy").string();
  state.pattern = 2;
  state.hidden_layers = {"my_dense"};
  state.rows = 1;
  state.cols = 2;
  state.colormap = "magma";
  ViewSession session(SessionOptions{});
  session.load_model(model.string(), state);
  frame(session);
  const std::vector<double>& expected = seq.layers.at("dense_2").values;  // (3, 50, 25)
  const size_t size = expected.size() / 3;
  const std::vector<double> pattern2(expected.begin() + static_cast<std::ptrdiff_t>(2 * size), expected.end());
  const int dense_2 = layer_index(session, "dense_2");
  EXPECT_GT(testing::relative_error(session.output(dense_2), pattern2), 0.1) << "the first model's weights differ";
  EXPECT_FALSE(session.reload_if_changed(state)) << "nothing changed yet";

  // Rewritten in place, its time set later than the first: file times can be coarse.
  const auto first_time = fs::last_write_time(model);
  fs::copy_file(testing::fixture("article_seq_tfkeras.h5"), model, fs::copy_options::overwrite_existing);
  fs::last_write_time(model, first_time + std::chrono::seconds(2));
  ASSERT_TRUE(session.reload_if_changed(state)) << state.error;
  EXPECT_NE(state.notice.find("reloaded"), std::string::npos) << state.notice;
  frame(session);
  EXPECT_LE(testing::relative_error(session.output(layer_index(session, "dense_2")), pattern2), 1e-5);
  EXPECT_EQ(state.pattern, 2);
  EXPECT_EQ(state.hidden_layers, std::set<std::string>{"my_dense"});
  EXPECT_EQ(state.rows, 1);
  EXPECT_EQ(state.cols, 2);
  EXPECT_EQ(state.colormap, "magma");
  nlohmann::json sidecar = session.sidecar(state);
  EXPECT_EQ(sidecar.at("layers"), nlohmann::json({"dense_1", "dense_2"})) << "my_dense stays hidden";
  EXPECT_EQ(sidecar.at("pattern"), 2);

  testing::write_bytes(model, "half-written HDF5");
  fs::last_write_time(model, first_time + std::chrono::seconds(4));
  EXPECT_FALSE(session.reload_if_changed(state));
  EXPECT_NE(state.error.find(model.string()), std::string::npos) << state.error;
  EXPECT_NE(state.error.find("previous model stays loaded"), std::string::npos) << state.error;
  frame(session);
  EXPECT_LE(testing::relative_error(session.output(layer_index(session, "dense_2")), pattern2), 1e-5);
  state.error.clear();
  EXPECT_FALSE(session.reload_if_changed(state));
  EXPECT_TRUE(state.error.empty()) << "an unchanged broken file is not tried again: " << state.error;

  fs::copy_file(testing::fixture("article_tfkeras.h5"), model, fs::copy_options::overwrite_existing);
  fs::last_write_time(model, first_time + std::chrono::seconds(6));
  ASSERT_TRUE(session.reload_if_changed(state)) << state.error;
  frame(session);
  EXPECT_GT(testing::relative_error(session.output(layer_index(session, "dense_2")), pattern2), 0.1);
}

// --weights: applied on load and again when the weights file changes; recorded in the sidecar.
TEST_F(Session, WeightsFileIsAppliedAndWatched) {
  const fs::path weights = dir / "weights.h5";
  fs::copy_file(testing::fixture("wo_keras3.weights.h5"), weights);
  const testing::Reference ref = testing::load_reference(testing::fixture("ref"), "wo_keras3.weights.h5");
  state.patterns = testing::fixture("ref/wo_keras3.weights.h5.input.npy").string();
  state.weights_path = weights.string();
  ViewSession session(SessionOptions{});
  session.load_model(testing::fixture("wo_arch_keras3.keras").string(), state);
  frame(session);
  const int last = session.graph().output_layers().at(0);
  const std::vector<double>& expected = ref.layers.at(session.graph().node_name(last)).values;
  const std::vector<double> pattern0(expected.begin(),
                                     expected.begin() + static_cast<std::ptrdiff_t>(expected.size() / 3));
  EXPECT_LE(testing::relative_error(session.output(last), pattern0), 1e-5);
  EXPECT_EQ(session.sidecar(state).at("weights"), weights.string());

  testing::write_bytes(weights, "not HDF5");
  fs::last_write_time(weights, fs::last_write_time(weights) + std::chrono::seconds(2));
  EXPECT_FALSE(session.reload_if_changed(state));
  EXPECT_NE(state.error.find("weights.h5"), std::string::npos) << state.error;
}

// Layer normalisation: every map of a layer shares the finite range of the layer's whole output,
// on every page, whichever of its maps the page shows (a CNN's conv1 has 16 maps, a page 9), and
// NaN and infinities in the pattern stay out of it.
TEST_F(Session, LayerNormalisationGivesEveryMapTheWholeLayersFiniteRange) {
  std::vector<float> image(28 * 28);
  for (size_t i = 0; i < image.size(); ++i) image[i] = static_cast<float>((i * 37) % 101) / 100.0f;
  image[5 * 28 + 5] = std::nanf("");
  image[20 * 28 + 21] = std::numeric_limits<float>::infinity();
  const fs::path patterns = dir / "image.npy";
  {
    io::NpyWriter writer(patterns.string(), {1, 28, 28, 1});
    writer.append(image.data(), static_cast<int64_t>(image.size()));
    writer.finish();
  }
  state.patterns = patterns.string();
  state.norm.mode = render::NormMode::Layer;
  ViewSession session(SessionOptions{});
  session.load_model((fs::path(CEREBRO_TEST_FIXTURES) / "../../assets/models/fashion_cnn.h5").string(), state);
  frame(session);
  ASSERT_EQ(state.show, render::ShowMode::Maps) << "the article's rule shows nothing of a CNN";
  ASSERT_GE(state.page_count, 3);
  int64_t checked = 0, with_nonfinite = 0;
  for (int page = 0; page < 3; ++page) {
    state.page = page;
    frame(session);
    const nlohmann::json sidecar = session.sidecar(state);
    for (const nlohmann::json& cell : sidecar.at("cells")) {
      const std::vector<float> output = session.output(layer_index(session, cell.at("layer").get<std::string>()));
      float lo = std::numeric_limits<float>::infinity(), hi = -lo;
      for (const float v : output) {
        if (!std::isfinite(v)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      with_nonfinite += std::any_of(output.begin(), output.end(), [](float v) { return !std::isfinite(v); });
      EXPECT_EQ(cell.at("range"), nlohmann::json({lo, hi})) << "page " << page << ": " << cell.at("title");
      ++checked;
    }
  }
  EXPECT_EQ(checked, 27);
  EXPECT_GT(with_nonfinite, 0) << "the pattern's NaN and infinity must reach the shown layers";
}

}  // namespace
}  // namespace cerebro::ui
