#pragma once
// CudaBackend's state, shared by cuda_backend.cpp (plan, run, download) and cuda_publish.cpp.
#include <array>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compute/cuda/cuda_backend.hpp"
#include "compute/cuda/cuda_memory.hpp"
#include "compute/cuda/device_op.hpp"
#include "compute/cuda/publish_scratch.hpp"
#include "kernels/view_stats.cuh"

namespace cerebro::compute::cuda {

// Guard values on both sides of every output buffer: 64 floats keep the data 256-byte aligned
// (cudaMalloc's alignment, which cuBLAS likes), and a NaN bit pattern no kernel computes.
constexpr int64_t kGuardFloats = 64;
constexpr uint32_t kGuardBits = 0x7fbadbadu;

// Input buffers come in two slots: the upload of one batch never waits for the compute of the
// batch before it, which reads the other slot.
constexpr int kSlots = 2;

struct CudaBackend::Impl {
  CudaDevice device;
  Stream compute;
  Stream upload;
  DeviceArray<unsigned char> blas_workspace;  // declared first: freed after the handle that uses it
  CublasHandle blas;

  const model::Graph* graph = nullptr;
  int64_t max_batch = 0;
  int64_t last_batch = 0;
  int last_slot = 0;
  bool graphs_enabled = true;
  bool fuse_small_dense = true;

  struct Buffer {
    DeviceArray<float> memory;  // kGuardFloats + values + kGuardFloats
    int64_t values = 0;
  };
  std::vector<Buffer> buffers;
  std::vector<std::array<int, kSlots>> buffer_of;  // per node and input slot; identities share
  std::vector<std::unique_ptr<DeviceOp>> ops;      // per node; null for inputs and identities
  WeightCache weights;
  DeviceArray<float> scratch;
  std::array<PinnedArray<float>, kSlots> staging;       // every graph input of one batch, back to back
  std::vector<int64_t> staging_offset;                  // per graph input
  std::array<Event, kSlots> uploaded;                   // the slot's upload has finished
  std::array<Event, kSlots> computed;                   // the run that read the slot has finished
  std::map<std::pair<int64_t, int>, GraphExec> graphs;  // per (batch, slot)

  // Publishing (CudaBackend::publish is const: these are its working memory).
  DeviceArray<kernels::DeviceStats> stats_partials;
  DeviceArray<unsigned int> stats_blocks_done;
  PublishScratch publishing;  // cuda_publish.cpp

  // CudaBackend::output_stats (cuda_output_stats.cpp): its own reduction scratch, so it never
  // depends on how publish uses its own, and one result per node in mapped host memory.
  // Allocated at the first call.
  DeviceArray<kernels::DeviceStats> layer_stats_partials;
  DeviceArray<unsigned int> layer_stats_blocks_done;
  PinnedArray<kernels::DeviceStats> layer_stats;
  kernels::DeviceStats* layer_stats_device = nullptr;

  float* node_data(int node, int slot) const;
  // Flatten, Reshape, Dropout...: the same values in the same order, so the input's memory.
  bool aliases_input(int node) const;
  // "model.h5: layer 'dense_1' (Dense)"
  std::string layer_context(int node) const;
  // plan()'s allocations for `graph` and `max_batch`: buffers, ops, staging; then the device idle.
  void plan_graph();
  void allocate_buffers();
  void build_ops();
  void enqueue_all(int64_t batch, int slot);
  void launch(int64_t batch, int slot);
  void capture(int64_t batch, int slot);
};

}  // namespace cerebro::compute::cuda
