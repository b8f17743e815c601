#pragma once
// The page both page-publishing tests use: cuda_publish_cells_test.cpp (label gpu, registered GL
// textures) and tests/cuda_emulation/group_mapping_emulated_test.cpp (emulated resources).
#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <vector>

#include "core/render_target.hpp"
#include "model/graph.hpp"
#include "model/layers/input_layer.hpp"
#include "model/layers/rescaling.hpp"

namespace cerebro::testing {

constexpr int64_t kPageRows = 12, kPageCols = 10, kPageChannels = 3;

// input (12, 10, 3) -> Rescaling(2, 0.5): every cell of the page reads one of the two.
struct TwoLayers {
  model::Graph graph;
  int input = 0;
  int scaled = 0;
  TwoLayers() {
    graph.set_source_file("in-code.h5");
    input = graph.add(std::make_shared<model::InputLayer>("input", Shape{kPageRows, kPageCols, kPageChannels}), {});
    scaled = graph.add(std::make_shared<model::Rescaling>("scaled", 2.0f, 0.5f), {input});
    graph.set_outputs({scaled});
  }
};

// Values in steps of 0.25 (ties everywhere), channel 2 of pattern 1 holding only NaN and +-Inf,
// and a few NaN/Inf elsewhere.
inline std::vector<float> tricky_inputs(int64_t batch) {
  std::mt19937 random(2026u);
  std::uniform_int_distribution<int> steps(-12, 12);
  std::vector<float> values(static_cast<size_t>(batch * kPageRows * kPageCols * kPageChannels));
  for (float& v : values) v = 0.25f * static_cast<float>(steps(random));
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  const auto pattern = static_cast<size_t>(kPageRows * kPageCols * kPageChannels);
  for (size_t k = 2; k < pattern; k += kPageChannels) {
    values[pattern + k] = (k / 3) % 3 == 0 ? nan : (k % 2 ? inf : -inf);
  }
  values[pattern + 0] = nan;
  values[pattern + 4] = inf;
  values[pattern + 7] = -inf;
  return values;
}

// The nine cells of a 3x3 page, pattern 1: each layer's three channels, a padded strip of each
// layer, and an empty cell (count 0, all padding).
inline std::vector<PublishView> nine_cells(const TwoLayers& m) {
  std::vector<PublishView> views;
  for (const int layer : {m.input, m.scaled}) {
    for (int64_t c = 0; c < kPageChannels; ++c) {
      views.push_back({layer, 1, c, kPageRows, kPageCols, kPageCols * kPageChannels, kPageChannels,
                       kPageRows * kPageCols});
    }
  }
  views.push_back({m.input, 1, 0, 4, 100, 100, 1, 355});
  views.push_back({m.scaled, 1, 5, 4, 100, 100, 1, 355});
  views.push_back({m.input, 1, 0, 2, 3, 3, 1, 0});
  return views;
}

// The cell as compute/publish.cpp lays it out, from one pattern's values: rows x cols, padding 0.
inline std::vector<float> cell_texels(const std::vector<float>& pattern, const PublishView& v) {
  std::vector<float> texels(static_cast<size_t>(v.rows * v.cols), 0.0f);
  for (int64_t i = 0; i < v.count; ++i) {
    texels[static_cast<size_t>(i)] =
        pattern[static_cast<size_t>(v.offset + (i / v.cols) * v.row_stride + (i % v.cols) * v.col_stride)];
  }
  return texels;
}

}  // namespace cerebro::testing
