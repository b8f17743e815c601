// Row O6 on the GPU (label gpu, run on a device machine): the CUDA backend refuses a plan whose
// layer outputs exceed the device's free memory, naming the layer, before it frees or allocates
// anything, and plans a model that fits afterwards. Without a GPU it fails, as every gpu test does.
#include <gtest/gtest.h>

#include "compute/backend.hpp"
#include "compute/cpu/cpu_backend.hpp"
#include "core/error.hpp"
#include "io/model_loader.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

TEST(GpuMemoryBudget, CudaBackendRefusesBuffersBeyondDeviceMemoryAndKeepsWorking) {
  const model::Graph article = io::load_model(testing::fixture("article_tfkeras.h5").string());
  const model::Graph huge = io::load_model(testing::fixture("bad/huge_buffers_keras3.keras").string());
  std::unique_ptr<compute::Backend> cuda = compute::make_backend("cuda");
  ASSERT_EQ(cuda->name(), "cuda");
  cuda->plan(article, 2);
  try {
    cuda->plan(huge, 1);  // 1.2 TiB of outputs
    FAIL() << "not refused";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    const std::string what = error.what();
    EXPECT_NE(what.find("layer 'up0' (UpSampling2D)"), std::string::npos) << what;
    EXPECT_NE(what.find("of memory available (free device memory (cudaMemGetInfo)); refused before allocating"),
              std::string::npos)
        << what;
  }
  // The refused plan left the article's in place: it still runs and agrees with the CPU.
  std::vector<float> input(2 * 2500);
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(i % 97) / 97.0f;
  const float* inputs[] = {input.data()};
  cuda->run(inputs, 2);
  compute::CpuBackend cpu;
  cpu.plan(article, 2);
  cpu.run(inputs, 2);
  const int last = article.size() - 1;
  std::vector<float> got(2 * 5), want(2 * 5);
  cuda->download(last, got);
  cpu.download(last, want);
  EXPECT_LE(testing::relative_error(got, want), 1e-5);
}

}  // namespace
}  // namespace cerebro
