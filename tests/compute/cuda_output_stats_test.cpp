// CudaBackend::output_stats (every layer reduced on the device, one wait) against the CPU backend,
// against a host scan of the CUDA backend's own download (the reduction alone: bit for bit), and
// against closed forms: a layer of 10^7 values (far beyond the reduction's 120 blocks x 256
// threads), patterns past the first of a batch, identity layers sharing a buffer, a captured
// graph replayed, and the article model fed NaN and infinities. Label gpu: without a GPU every
// test FAILS.
#include <gtest/gtest.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda_test_util.hpp"
#include "compute/output_stats_cases.hpp"
#include "compute/publish.hpp"
#include "core/error.hpp"
#include "gpu/gpu_test_util.hpp"
#include "io/model_loader.hpp"
#include "io/npy.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

using compute::CpuBackend;
using compute::cuda::CudaBackend;

// Pattern `pattern` of every node of the last run: the CUDA statistics equal a host scan of the
// CUDA backend's own values bit for bit, and the CPU backend's statistics within `tolerance` of
// the range (counts exactly).
void expect_stats_match(const model::Graph& graph, const CudaBackend& cuda, const CpuBackend& cpu, int64_t batch,
                        int64_t pattern, double tolerance) {
  const std::vector<ValueStats> on_device = cuda.output_stats(pattern);
  const std::vector<ValueStats> on_cpu = cpu.output_stats(pattern);
  ASSERT_EQ(on_device.size(), static_cast<size_t>(graph.size()));
  ASSERT_EQ(on_cpu.size(), on_device.size());
  for (int i = 0; i < graph.size(); ++i) {
    const auto size = static_cast<size_t>(element_count(graph.output_shape(i)));
    const std::vector<float> values = testing::downloaded(cuda, graph, i, batch);
    const ValueStats scanned = compute::value_stats(
        std::span<const float>(values).subspan(static_cast<size_t>(pattern) * size, size), std::nullopt);
    const size_t k = static_cast<size_t>(i);
    EXPECT_TRUE(testing::stats_agree(on_device[k], scanned))
        << "layer '" << graph.node_name(i) << "', pattern " << pattern << ": the reduction against a host scan";
    EXPECT_TRUE(testing::stats_agree(on_device[k], on_cpu[k], tolerance))
        << "layer '" << graph.node_name(i) << "', pattern " << pattern << ": CUDA against the CPU";
  }
}

TEST(CudaOutputStats, TenMillionValuesAPatternMatchTheClosedFormsAndTheCpu) {
  // 2500 x 4001 = 10,002,500 values a pattern: every thread of the 120 blocks loops ~326 times.
  const testing::PlantedGraph g = testing::planted_graph(2500, 4001);
  const int64_t size = 2500 * 4001;
  const testing::PlantedBatch batch = testing::planted_batch(size, 2, 21u);
  CpuBackend cpu;
  cpu.plan(g.graph, 2);
  const float* pointer = batch.values.data();
  cpu.run(std::span(&pointer, 1), 2);
  CEREBRO_REQUIRE_GPU();
  CudaBackend cuda;
  cuda.plan(g.graph, 2);
  // Twice: the second run goes to the other input slot and replays the captured graph.
  for (int run = 0; run < 2; ++run) {
    SCOPED_TRACE("run " + std::to_string(run));
    cuda.run(std::span(&pointer, 1), 2);
    for (int64_t p = 0; p < 2; ++p) {
      const std::vector<ValueStats> stats = cuda.output_stats(p);
      ASSERT_EQ(stats.size(), 4u);
      for (const int node : {g.input, g.negated, g.flat, g.exp}) {
        const ValueStats expected = testing::expected_stats(g, node, batch.planted[static_cast<size_t>(p)], size);
        EXPECT_TRUE(testing::stats_agree(stats[static_cast<size_t>(node)], expected, node == g.exp ? 1e-6 : 0.0))
            << "layer '" << g.graph.node_name(node) << "', pattern " << p;
      }
      expect_stats_match(g.graph, cuda, cpu, 2, p, 1e-6);
    }
  }
  EXPECT_TRUE(cuda.damaged_guards().empty());
}

// The fixture's NaN/Inf pattern at index 1 and 2 of a batch of 3 (its finite copy at index 0):
// the Dense GEMMs (cuBLAS on the device) spread them as Keras does; counts equal the CPU's.
TEST(CudaOutputStats, ArticleModelWithNonFiniteInputsCountsAsTheCpuDoes) {
  const model::Graph graph = io::load_model(testing::fixture("article_tfkeras.h5").string());
  const io::NpyReader bad(testing::fixture("bad/nonfinite_article.input.npy").string());  // (1, 50, 50)
  const int64_t size = bad.element_count();
  std::vector<float> batch(static_cast<size_t>(3 * size));
  bad.read(0, size, batch.data() + size);
  for (int64_t k = 0; k < size; ++k) {
    const float v = batch[static_cast<size_t>(size + k)];
    batch[static_cast<size_t>(k)] = std::isfinite(v) ? v : 0.5f;
    // The third pattern: the same non-finite values mirrored, so no two patterns agree.
    batch[static_cast<size_t>(3 * size - 1 - k)] = v;
  }
  CpuBackend cpu;
  cpu.plan(graph, 3);
  const float* pointer = batch.data();
  cpu.run(std::span(&pointer, 1), 3);
  CEREBRO_REQUIRE_GPU();
  CudaBackend cuda;
  cuda.plan(graph, 3);
  cuda.run(std::span(&pointer, 1), 3);
  for (int64_t p = 0; p < 3; ++p) expect_stats_match(graph, cuda, cpu, 3, p, 1e-5);
  for (const ValueStats& s : cuda.output_stats(0)) EXPECT_EQ(s.nan + s.pos_inf + s.neg_inf, 0) << "finite pattern";
  int64_t nan = 0, pos_inf = 0, neg_inf = 0;
  for (const ValueStats& s : cpu.output_stats(1)) {
    nan += s.nan;
    pos_inf += s.pos_inf;
    neg_inf += s.neg_inf;
  }
  // The pattern puts every kind somewhere; otherwise this test would check little.
  EXPECT_GT(nan, 0);
  EXPECT_GT(pos_inf, 0);
  EXPECT_GT(neg_inf, 0);
}

TEST(CudaOutputStats, RefusesAPatternOutsideTheLastBatchAndACallBeforeAnyRun) {
  CEREBRO_REQUIRE_GPU();
  const testing::PlantedGraph g = testing::planted_graph(4, 5);
  CudaBackend cuda;
  cuda.plan(g.graph, 2);
  EXPECT_THROW(cuda.output_stats(0), Error);
  const testing::PlantedBatch batch = testing::planted_batch(20, 2, 3u);
  const float* pointer = batch.values.data();
  cuda.run(std::span(&pointer, 1), 1);
  EXPECT_THROW(cuda.output_stats(1), Error);
  EXPECT_THROW(cuda.output_stats(-1), Error);
  EXPECT_TRUE(testing::stats_agree(cuda.output_stats(0)[static_cast<size_t>(g.negated)],
                                   testing::expected_stats(g, g.negated, batch.planted[0], 20)));
}

}  // namespace
}  // namespace cerebro
