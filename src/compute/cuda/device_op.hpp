#pragma once
// One graph node's work on the device. Ops are built once in plan() (weights and index maps
// uploaded then) and enqueue their kernels and cuBLAS calls on a stream in run(), directly or
// while the stream is captured into a CUDA graph: so enqueue() must not synchronise, allocate or
// copy from pageable memory.
#include <cublas_v2.h>
#include <cuda_runtime_api.h>

#include <map>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "compute/cuda/cuda_memory.hpp"
#include "core/shape.hpp"
#include "model/layer.hpp"

namespace cerebro::compute::cuda {

struct OpLaunch {
  cudaStream_t stream = nullptr;
  cublasHandle_t blas = nullptr;
  std::span<const float* const> inputs;  // one per node input, `batch` patterns each
  float* output = nullptr;
  int64_t batch = 0;
  float* scratch = nullptr;  // scratch_floats(batch) floats, shared by every op (they run in order)
};

class DeviceOp {
 public:
  virtual ~DeviceOp() = default;
  virtual void enqueue(const OpLaunch& launch) const = 0;
  // Scratch floats needed for batches of up to `max_batch` patterns.
  virtual int64_t scratch_floats(int64_t /*max_batch*/) const { return 0; }
};

// A layer's weights on the device, uploaded once however many nodes call the layer.
class WeightCache {
 public:
  const float* get(const model::Layer& layer, size_t index);

 private:
  std::map<std::pair<const model::Layer*, size_t>, DeviceArray<float>> weights_;
};

struct OpSource {
  const model::Layer& layer;
  std::vector<Shape> input_shapes;
  Shape output_shape;
  WeightCache& weights;
  bool fuse_small_dense = true;  // small Dense layers as one kernel instead of cuBLAS + epilogue
};

// Whether the CUDA backend has kernels for this layer kind (with the parameters it can read).
bool device_supports(const model::Layer& layer);

// Builds the op for a node whose layer device_supports(); identity layers and inputs have none.
std::unique_ptr<DeviceOp> make_device_op(const OpSource& source);

// The families make_device_op dispatches to (ops_*.cpp); each returns null for a layer it does
// not handle.
std::unique_ptr<DeviceOp> make_linear_op(const OpSource& source);       // Dense, convolutions
std::unique_ptr<DeviceOp> make_elementwise_op(const OpSource& source);  // activations, normalisation
std::unique_ptr<DeviceOp> make_layout_op(const OpSource& source);       // pooling, padding, merges

// Helpers the op families share.
int cublas_int(int64_t value, const char* what);  // throws when a dimension exceeds cuBLAS' int
DeviceArray<int32_t> upload_index_map(const std::vector<int64_t>& map);

}  // namespace cerebro::compute::cuda
