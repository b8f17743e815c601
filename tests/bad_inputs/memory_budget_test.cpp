// The byte count a backend checks before it allocates every layer's output (row O6 of README.md).
#include "compute/memory_budget.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>

#include "compute/cpu/cpu_backend.hpp"
#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

// The article model's outputs per pattern: input (50, 50), dense_1 (50, 75), my_dense (50, 50),
// dense_2 (50, 25), dense_3 (50, 10), flatten_1 (500,), dense_4 (5,).
constexpr uint64_t kArticleFloats = 2500 + 3750 + 2500 + 1250 + 500 + 500 + 5;

class MemoryBudget : public ::testing::Test {
 protected:
  model::Graph graph = io::load_model(testing::fixture("article_tfkeras.h5").string());
};

TEST_F(MemoryBudget, CountsEveryLayerOutputForTheBatch) {
  EXPECT_EQ(compute::planned_output_bytes(graph, 1), kArticleFloats * 4);
  EXPECT_EQ(compute::planned_output_bytes(graph, 64), kArticleFloats * 4 * 64);
}

TEST_F(MemoryBudget, RefusesOneByteOverNamingTheLargestLayer) {
  const uint64_t need = kArticleFloats * 4 * 3;
  EXPECT_EQ(compute::check_outputs_fit(graph, 3, {need, "test"}), need);
  try {
    compute::check_outputs_fit(graph, 3, {need - 1, "a test budget"});
    FAIL() << "not refused";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    EXPECT_EQ(error.context(), graph.source_file() + ": layer 'dense_1' (Dense)");
    EXPECT_NE(std::string(error.what())
                  .find("output (None, 50, 75): the layer outputs for 3 patterns need 129.0 KiB "
                        "(43.9 KiB for this layer), more than the 129.0 KiB of memory available "
                        "(a test budget); refused before allocating"),
              std::string::npos)
        << error.what();
  }
}

TEST_F(MemoryBudget, CountsThatOverflow64BitsAreRefused) {
  // 2^62 patterns of 11,005 floats: far past what 64 bits count; must not wrap to a small number.
  const int64_t batch = int64_t{1} << 62;
  EXPECT_EQ(compute::planned_output_bytes(graph, batch), std::numeric_limits<uint64_t>::max());
  try {
    compute::check_outputs_fit(graph, batch, {std::numeric_limits<uint64_t>::max() - 1, "test"});
    FAIL() << "not refused";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("need more bytes than 64 bits can count"), std::string::npos)
        << error.what();
  }
}

TEST_F(MemoryBudget, HostBudgetIsWhatMeminfoCallsAvailable) {
  std::ifstream meminfo("/proc/meminfo");
  uint64_t total_kib = 0;
  for (std::string line; std::getline(meminfo, line);) {
    std::istringstream fields(line);
    std::string key;
    if (fields >> key && key == "MemTotal:") fields >> total_kib;
  }
  ASSERT_GT(total_kib, 0u);
  const compute::MemoryBudget budget = compute::host_memory_budget();
  EXPECT_GT(budget.bytes, 0u);
  EXPECT_LE(budget.bytes, total_kib * 1024);
  EXPECT_FALSE(budget.source.empty());
}

TEST_F(MemoryBudget, CpuBackendRefusesBeforeAllocatingAndKeepsNoHalfPlan) {
  compute::CpuBackend backend;
  // 2^40 patterns of the article model: 44 PiB, more than any machine has.
  EXPECT_THROW(backend.plan(graph, int64_t{1} << 40), Error);
  std::vector<float> out(10);
  EXPECT_THROW(backend.download(0, out), Error);  // no plan: an error, not a read of freed buffers
  backend.plan(graph, 2);
  std::vector<float> input(2 * 2500, 0.5f);
  const float* inputs[] = {input.data()};
  backend.run(inputs, 2);
  std::vector<float> copy(2 * 2500);
  backend.download(0, copy);
  EXPECT_EQ(copy, input);
}

TEST(ByteSizeText, ReadsAsBinaryUnits) {
  EXPECT_EQ(compute::byte_size_text(512), "512 bytes");
  EXPECT_EQ(compute::byte_size_text(1536), "1.5 KiB");
  EXPECT_EQ(compute::byte_size_text(uint64_t{3} << 30), "3.0 GiB");
  EXPECT_EQ(compute::byte_size_text(std::numeric_limits<uint64_t>::max()), "16.0 EiB");
}

}  // namespace
}  // namespace cerebro
