#pragma once
// For emulation-only tests: graphics resources that stand in for registered GL textures (an
// array reachable only while mapped), so the backend's group-mapping path runs without GL.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <vector>

namespace cerebro::emulation {

cudaGraphicsResource_t make_graphics_resource(std::size_t width, std::size_t height);
void free_graphics_resource(cudaGraphicsResource_t resource);
bool graphics_resource_mapped(cudaGraphicsResource_t resource);
std::vector<float> graphics_resource_texels(cudaGraphicsResource_t resource);

}  // namespace cerebro::emulation
