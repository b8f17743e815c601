// make_backend: which backend "auto", "cpu" and "cuda" give on this machine, and what they say.
// Runs everywhere (CI has no GPU): with CUDA compiled in but no usable GPU, "auto" runs on the
// CPU and warns once; "cuda" is a one-line Unsupported error naming --backend cuda.
#include <gtest/gtest.h>

#include "compute/backend.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "model/graph.hpp"
#include "model/layers/input_layer.hpp"

namespace cerebro {
namespace {

bool gpu_usable() { return !compute::cuda_gpu_status().description.empty(); }

TEST(BackendChoice, AutoRunsOnTheCpuWithoutAGpuAndSaysSoOnce) {
  const int warnings = warning_count();
  const std::string first(compute::make_backend("auto")->name());
  const std::string second(compute::make_backend("auto")->name());
  if (gpu_usable()) {
    EXPECT_EQ(first, "cuda");
    EXPECT_EQ(warning_count(), warnings);
    return;
  }
  EXPECT_EQ(first, "cpu");
  EXPECT_EQ(second, "cpu");
  // Nothing to say when CUDA was not built in: the CPU is the only backend there is.
  EXPECT_EQ(warning_count(), warnings + (compute::cuda_compiled_in() ? 1 : 0));
  EXPECT_FALSE(compute::cuda_gpu_status().why.empty());
}

TEST(BackendChoice, CudaWithoutAGpuIsAnUnsupportedErrorNamingTheOption) {
  if (gpu_usable()) {
    EXPECT_EQ(compute::make_backend("cuda")->name(), "cuda");
    return;
  }
  try {
    compute::make_backend("cuda");
    ADD_FAILURE() << "make_backend(\"cuda\") succeeded without a GPU";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Unsupported);
    EXPECT_EQ(error.context(), "--backend cuda");
    const std::string what = error.what();
    EXPECT_NE(what.find(compute::cuda_compiled_in() ? "no usable CUDA GPU" : "built without CUDA support"),
              std::string::npos)
        << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

TEST(BackendChoice, CpuIsAlwaysTheCpuAndUnknownNamesAreBadInput) {
  EXPECT_EQ(compute::make_backend("cpu")->name(), "cpu");
  try {
    compute::make_backend("tpu");
    ADD_FAILURE() << "an unknown backend was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    EXPECT_EQ(error.context(), "--backend");
  }
}

TEST(BackendChoice, ForAGraphTheChosenBackendRunsEveryLayer) {
  model::Graph graph;
  graph.add(std::make_shared<model::InputLayer>("input", Shape{3}), {});
  graph.set_outputs({});
  EXPECT_EQ(compute::make_backend("auto", graph)->name(), gpu_usable() ? "cuda" : "cpu");
  EXPECT_EQ(compute::make_backend("cpu", graph)->name(), "cpu");
}

}  // namespace
}  // namespace cerebro
