// The production publish path on a GPU: the CUDA backend writes shown cells into
// render::CudaTextureTarget (an R32F texture registered with CUDA on an EGL context of the same
// GPU, mapped and unmapped on the compute stream per publish), and what GL reads back from each
// texture must be what the CPU backend publishes for the same cell of the same inputs (within
// 1e-5 of the layer's largest |value|; padding exactly 0), with the same statistics. The viewer's
// probe (texel_value) must read the texture's own texels. Label gpu: without a GPU every test FAILS.
#include <gtest/gtest.h>

#include <cstring>

#include "compute/cpu/cpu_backend.hpp"
#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda_test_util.hpp"
#include "core/log.hpp"
#include "gpu/gpu_test_util.hpp"
#include "io/model_loader.hpp"
#include "render/cuda_texture_target.hpp"
#include "render/display_rule.hpp"
#include "render/egl_context.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

using compute::cuda::CudaBackend;

class CudaTextureTargetTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CudaTextureTargetTest, GlReadsBackWhatTheCpuBackendPublishes) {
  CEREBRO_REQUIRE_GPU();
  CudaBackend cuda;
  ASSERT_TRUE(cuda.cuda_device().has_value());
  render::EglContext context(cuda.cuda_device());
  std::printf("%s\n", context.description().c_str());
  ASSERT_EQ(render::cuda_interop_refusal(), "") << "the EGL context must run on the NVIDIA GPU";

  const model::Graph graph = io::load_model(testing::fixture(GetParam()).string());
  compute::check_supported(cuda, graph);
  constexpr int64_t kBatch = 2;
  compute::CpuBackend cpu;
  cpu.plan(graph, kBatch);
  cuda.plan(graph, kBatch);
  const testing::InputBatch inputs = testing::random_inputs(graph, kBatch, 77u);
  cpu.run(inputs.pointers, kBatch);
  cuda.run(inputs.pointers, kBatch);
  render::DisplayOptions options;
  options.show = render::ShowMode::All;
  options.input = true;
  const std::vector<render::CellSpec> cells = render::shown_cells(graph, options);
  ASSERT_FALSE(cells.empty());

  const int warnings = warning_count();
  for (const render::CellSpec& cell : cells) {
    const std::unique_ptr<render::TextureTarget> target = render::make_texture_target(cell.view.rows, cell.view.cols, true);
    auto* interop = dynamic_cast<render::CudaTextureTarget*>(target.get());
    ASSERT_NE(interop, nullptr);
    ASSERT_TRUE(interop->registered()) << cell.title;
    // Two frames into the same texture: each maps, writes and unmaps again.
    for (int64_t pattern = 0; pattern < kBatch; ++pattern) {
      SCOPED_TRACE(cell.title + ", pattern " + std::to_string(pattern));
      PublishView view = cell.view;
      view.pattern = pattern;
      render::HostTarget expected(view.rows, view.cols);
      cpu.publish(view, expected);
      cuda.publish(view, *target);
      EXPECT_FALSE(interop->mapped()) << "the texture must be unmapped after every publish";
      std::vector<float> texels(static_cast<size_t>(view.rows * view.cols));
      target->texture().read(texels.data());
      const auto count = static_cast<size_t>(view.count);
      // Issue 8's bound is relative to the LAYER's largest |value|: a cell (one channel) whose own
      // values are tiny next to the products that summed to them (a nearly dead channel) may
      // differ by more than 1e-5 of its own range between two correct GEMMs.
      const double layer_largest = testing::largest_magnitude(testing::downloaded(cpu, graph, view.layer, kBatch));
      EXPECT_TRUE(testing::outputs_agree({texels.begin(), texels.begin() + view.count},
                                         {expected.values().begin(), expected.values().begin() + view.count}, 1e-5,
                                         layer_largest));
      for (size_t k = count; k < texels.size(); ++k) ASSERT_EQ(texels[k], 0.0f) << "padding texel " << k;
      for (const size_t k : {size_t{0}, count / 2, count - 1}) {
        if (k >= count) break;  // an empty cell has no texel to probe
        const float probed = target->texel_value(static_cast<int64_t>(k));
        EXPECT_EQ(std::memcmp(&probed, &texels[k], sizeof(float)), 0) << "texel_value(" << k << ")";
      }
      const ValueStats& got = target->stats();
      const ValueStats& want = expected.stats();
      EXPECT_EQ(got.finite, want.finite);
      EXPECT_EQ(got.nan + got.pos_inf + got.neg_inf, want.nan + want.pos_inf + want.neg_inf);
      const double scale = std::max(layer_largest, 1e-30);
      EXPECT_LE(std::abs(got.min - want.min), 1e-5 * scale);
      EXPECT_LE(std::abs(got.max - want.max), 1e-5 * scale);
    }
  }
  EXPECT_EQ(warning_count(), warnings) << "nothing fell back to host memory";
  EXPECT_TRUE(cuda.damaged_guards().empty());
}

// "article_tfkeras.h5" -> "article" (a named function: a lambda's parameter would shadow the macro's).
std::string model_name(const ::testing::TestParamInfo<std::string>& param) {
  return param.param.substr(0, param.param.find('_'));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, CudaTextureTargetTest,
                         ::testing::Values("article_tfkeras.h5", "shapes_tfkeras.h5", "conv_tfkeras.h5"), model_name);

}  // namespace
}  // namespace cerebro
