#pragma once
// Writes one cell (a strided view of a pattern's output) as rows x cols texels, padding texels
// 0: into a CUDA surface (a GL texture registered with CUDA: the publish path), or into a plain
// row-major device buffer (the host fallback downloads just that).
#include <cuda_runtime_api.h>

#include <cstdint>

#include "kernels/cell_view.cuh"

namespace cerebro::kernels {

// `surface` is a cudaSurfaceObject_t of an R32F 2-D array at least cols x rows.
void write_view_to_surface(cudaStream_t stream, const CellView& view, const float* values, uint64_t surface);

// `texels` holds rows * cols floats.
void write_view_to_buffer(cudaStream_t stream, const CellView& view, const float* values, float* texels);

}  // namespace cerebro::kernels
