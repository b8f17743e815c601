// render::make_texture_target on a GL context CUDA cannot share textures with (Mesa's llvmpipe:
// the ENVIRONMENT of this test keeps GLVND to Mesa even on a machine with an NVIDIA driver). The
// CUDA texture target must not try to register, must offer no device surface (so the CUDA
// backend takes the host path), must draw what the host path commits, and must say so once for
// all its textures. Runs without a GPU; built with CUDA only (the target does not exist otherwise).
#include <gtest/gtest.h>

#include <cstring>
#include <numeric>

#include "compute/publish.hpp"
#include "core/log.hpp"
#include "render/cuda_texture_target.hpp"
#include "render/egl_context.hpp"

namespace cerebro {
namespace {

TEST(TextureTargetFallback, OnAMesaContextTexturesGoThroughHostMemorySaidOnce) {
  render::EglContext context;
  const std::string refusal = render::cuda_interop_refusal();
  ASSERT_NE(refusal.find("not an NVIDIA driver"), std::string::npos) << context.description();

  const int warnings = warning_count();
  const std::unique_ptr<render::TextureTarget> first = render::make_texture_target(3, 5, true);
  const std::unique_ptr<render::TextureTarget> second = render::make_texture_target(2, 2, true);
  EXPECT_EQ(warning_count(), warnings + 1) << "the fallback is said once, not per texture";
  for (render::TextureTarget* target : {first.get(), second.get()}) {
    auto* interop = dynamic_cast<render::CudaTextureTarget*>(target);
    ASSERT_NE(interop, nullptr);
    EXPECT_FALSE(interop->registered());
    EXPECT_FALSE(target->map_device_surface(nullptr).has_value());
  }
  EXPECT_EQ(dynamic_cast<render::CudaTextureTarget*>(render::make_texture_target(2, 2, false).get()), nullptr)
      << "without interop asked, a plain texture target";

  // The host path: a strided view (every other value of rows 10 apart), padding in the last row.
  std::vector<float> pattern(30);
  std::iota(pattern.begin(), pattern.end(), -4.5f);
  const PublishView view{0, 0, 1, 3, 5, 10, 2, 12};
  compute::publish_host(pattern, view, *first);
  std::vector<float> texels(15);
  first->texture().read(texels.data());
  for (int64_t i = 0; i < 15; ++i) {
    const float expected = i < 12 ? pattern[static_cast<size_t>(1 + (i / 5) * 10 + (i % 5) * 2)] : 0.0f;
    EXPECT_EQ(texels[static_cast<size_t>(i)], expected) << "texel " << i;
    EXPECT_EQ(first->texel_value(i), expected) << "texel_value(" << i << ")";
  }
  // Texel 0 is value 1 (the smallest), texel 11 value 1 + 20 + 2 (the largest).
  EXPECT_EQ(first->stats().finite, 12);
  EXPECT_EQ(first->stats().min, -3.5f);
  EXPECT_EQ(first->stats().max, 18.5f);
}

}  // namespace
}  // namespace cerebro
