// Backend::output_stats on the CPU backend (runs everywhere, CI included): every layer's NaN,
// +Inf and -Inf counts and finite range for one pattern of a batch, against tf.keras' own outputs
// for the article model fed a pattern with NaN and infinities, and against closed forms for a
// graph with planted values (output_stats_cases.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/output_stats_cases.hpp"
#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "io/npy.hpp"
#include "io/npz.hpp"
#include "support/reference.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

using compute::CpuBackend;

// The statistics of one pattern of a Keras reference array (batch axis first).
ValueStats keras_stats(const io::NpyArray& array, int64_t pattern) {
  const auto size = array.values.size() / static_cast<size_t>(array.shape.front());
  ValueStats s;
  double lo = INFINITY, hi = -INFINITY;
  for (size_t k = static_cast<size_t>(pattern) * size; k < static_cast<size_t>(pattern + 1) * size; ++k) {
    const double v = array.values[k];
    if (std::isnan(v)) {
      ++s.nan;
    } else if (std::isinf(v)) {
      ++(v > 0 ? s.pos_inf : s.neg_inf);
    } else {
      ++s.finite;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (s.finite > 0) {
    s.min = static_cast<float>(lo);
    s.max = static_cast<float>(hi);
  }
  return s;
}

// The article model on a batch of four: the fixture's NaN/Inf pattern at index 1, between the
// reference's three finite patterns (0, 2, 3). Keras computed every one of them.
TEST(OutputStats, CpuReportsEveryLayerOfEveryPatternAsKerasComputedIt) {
  const model::Graph graph = io::load_model(testing::fixture("article_tfkeras.h5").string());
  const testing::Reference finite = testing::load_reference(testing::fixture("ref"), "article_tfkeras.h5");
  const auto bad_outputs = io::read_npz(testing::fixture("bad/nonfinite_article.keras_outputs.npz"));
  const io::NpyReader bad(testing::fixture("bad/nonfinite_article.input.npy").string());  // (1, 50, 50)
  const int64_t size = bad.element_count();
  ASSERT_EQ(finite.input.shape.front(), 3);
  ASSERT_EQ(static_cast<int64_t>(finite.input.values.size()), 3 * size);
  std::vector<float> batch(static_cast<size_t>(4 * size));
  const std::vector<float> finite_input = testing::to_floats(finite.input.values);
  std::copy_n(finite_input.begin(), size, batch.begin());
  bad.read(0, size, batch.data() + size);
  std::copy_n(finite_input.begin() + size, 2 * size, batch.begin() + 2 * size);

  CpuBackend cpu;
  cpu.plan(graph, 4);
  const float* pointer = batch.data();
  cpu.run(std::span(&pointer, 1), 4);
  ValueStats total;
  for (int64_t p = 0; p < 4; ++p) {
    const std::vector<ValueStats> stats = cpu.output_stats(p);
    ASSERT_EQ(stats.size(), static_cast<size_t>(graph.size()));
    for (int i = 0; i < graph.size(); ++i) {
      const std::string& name = graph.node_name(i);
      const ValueStats expected =
          p == 1 ? keras_stats(bad_outputs.at(name), 0) : keras_stats(finite.layers.at(name), p == 0 ? 0 : p - 1);
      // Keras ran float32 on its own kernels: the conformance tests' bound on the range.
      EXPECT_TRUE(testing::stats_agree(stats[static_cast<size_t>(i)], expected, 1e-5))
          << "layer '" << name << "', pattern " << p;
      if (p == 1) {
        total.nan += expected.nan;
        total.pos_inf += expected.pos_inf;
        total.neg_inf += expected.neg_inf;
      }
    }
  }
  // The pattern puts every kind somewhere; otherwise this test would check little.
  EXPECT_GT(total.nan, 0);
  EXPECT_GT(total.pos_inf, 0);
  EXPECT_GT(total.neg_inf, 0);
}

// Planted values beyond the 120 x 256 values one pass of the device reduction covers, counted
// per pattern at the pattern's own offset.
TEST(OutputStats, CpuCountsPlantedValuesInClosedForm) {
  const testing::PlantedGraph g = testing::planted_graph(211, 307);
  const int64_t size = 211 * 307;
  const testing::PlantedBatch batch = testing::planted_batch(size, 3, 11u);
  CpuBackend cpu;
  cpu.plan(g.graph, 3);
  const float* pointer = batch.values.data();
  cpu.run(std::span(&pointer, 1), 3);
  for (int64_t p = 0; p < 3; ++p) {
    const std::vector<ValueStats> stats = cpu.output_stats(p);
    ASSERT_EQ(stats.size(), 4u);
    for (const int node : {g.input, g.negated, g.flat, g.exp}) {
      const ValueStats expected = testing::expected_stats(g, node, batch.planted[static_cast<size_t>(p)], size);
      EXPECT_TRUE(testing::stats_agree(stats[static_cast<size_t>(node)], expected, node == g.exp ? 1e-6 : 0.0))
          << "layer '" << g.graph.node_name(node) << "', pattern " << p;
    }
  }
  // A shorter batch afterwards: its patterns only, the earlier third is out of reach.
  cpu.run(std::span(&pointer, 1), 2);
  EXPECT_TRUE(testing::stats_agree(cpu.output_stats(1)[static_cast<size_t>(g.input)],
                                   testing::expected_stats(g, g.input, batch.planted[1], size)));
  EXPECT_THROW(cpu.output_stats(2), Error);
}

TEST(OutputStats, CpuRefusesAPatternOutsideTheLastBatchAndACallBeforeAnyRun) {
  const testing::PlantedGraph g = testing::planted_graph(4, 5);
  CpuBackend cpu;
  EXPECT_THROW(cpu.output_stats(0), Error);
  cpu.plan(g.graph, 2);
  try {
    cpu.output_stats(0);
    ADD_FAILURE() << "output_stats() before run() answered";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Internal);
  }
  const testing::PlantedBatch batch = testing::planted_batch(20, 2, 3u);
  const float* pointer = batch.values.data();
  cpu.run(std::span(&pointer, 1), 2);
  EXPECT_THROW(cpu.output_stats(-1), Error);
  EXPECT_THROW(cpu.output_stats(2), Error);
  EXPECT_NO_THROW(cpu.output_stats(1));
}

}  // namespace
}  // namespace cerebro
