#include "compute/cuda/cuda_backend.hpp"

#include <algorithm>
#include <cstring>

#include "compute/cuda/cuda_backend_impl.hpp"
#include "compute/memory_budget.hpp"
#include "core/error.hpp"

namespace cerebro::compute::cuda {
namespace {

// cuBLAS allocates its workspace itself unless given one, which a stream being captured into a
// graph must not do (cuBLAS docs, "CUDA Graphs Support"); 32 MiB is what it recommends for Hopper.
constexpr int64_t kBlasWorkspaceBytes = int64_t{32} << 20;

// Batch sizes captured as graphs (an export's last, shorter batch is one more); beyond this the
// ops are launched one by one.
constexpr size_t kMaxGraphs = 8;

// Whether `p` points into page-locked host memory (cudaHostAlloc, cudaHostRegister).
bool page_locked(const float* p) {
  cudaPointerAttributes attributes{};
  if (cudaPointerGetAttributes(&attributes, p) != cudaSuccess) {
    (void)cudaGetLastError();
    return false;
  }
  return attributes.type == cudaMemoryTypeHost;
}

// Rethrows an error from inside an op with the layer's name in front.
[[noreturn]] void rethrow_for(const std::string& context, const Error& error) {
  throw Error(error.kind(), context, error.what());
}

}  // namespace

bool CudaBackend::Impl::aliases_input(int node) const {
  return graph->layer(node).is_identity() && graph->inputs_of(node).size() == 1;
}

float* CudaBackend::Impl::node_data(int node, int slot) const {
  return buffers[static_cast<size_t>(buffer_of.at(static_cast<size_t>(node))[static_cast<size_t>(slot)])].memory.get() +
         kGuardFloats;
}

std::string CudaBackend::Impl::layer_context(int node) const {
  return graph->source_file() + ": layer '" + graph->node_name(node) + "' (" + graph->layer(node).keras_class() + ")";
}

void CudaBackend::Impl::allocate_buffers() {
  const int nodes = graph->size();
  buffers.clear();
  buffer_of.assign(static_cast<size_t>(nodes), {-1, -1});
  const std::vector<uint32_t> guard(static_cast<size_t>(kGuardFloats), kGuardBits);
  auto add_buffer = [&](int node) {
    const int64_t values = max_batch * element_count(graph->output_shape(node));
    try {
      Buffer buffer{DeviceArray<float>(values + 2 * kGuardFloats), values};
      for (float* at : {buffer.memory.get(), buffer.memory.get() + kGuardFloats + values}) {
        CUDA_CHECK(cudaMemcpy(at, guard.data(), guard.size() * sizeof(uint32_t), cudaMemcpyHostToDevice));
      }
      buffers.push_back(std::move(buffer));
    } catch (const Error& error) {
      rethrow_for(layer_context(node), error);
    }
    return static_cast<int>(buffers.size()) - 1;
  };
  for (int i = 0; i < nodes; ++i) {
    const int64_t count = element_count(graph->output_shape(i));
    if (count > (int64_t{1} << 32) / max_batch) {
      throw_bad_input(layer_context(i), "output for a batch of " + std::to_string(max_batch) + " would exceed 16 GiB");
    }
    auto& slots = buffer_of[static_cast<size_t>(i)];
    const std::vector<int>& inputs = graph->inputs_of(i);
    if (inputs.empty()) {
      for (int& slot : slots) slot = add_buffer(i);
    } else if (aliases_input(i)) {
      slots = buffer_of[static_cast<size_t>(inputs[0])];
    } else {
      slots.fill(add_buffer(i));
    }
  }
}

void CudaBackend::Impl::build_ops() {
  ops.clear();
  weights = WeightCache();
  int64_t scratch_floats = 0;
  for (int i = 0; i < graph->size(); ++i) {
    const std::vector<int>& inputs = graph->inputs_of(i);
    if (inputs.empty() || aliases_input(i)) {
      ops.push_back(nullptr);
      continue;
    }
    std::vector<Shape> shapes;
    for (int input : inputs) shapes.push_back(graph->output_shape(input));
    try {
      ops.push_back(
          make_device_op(OpSource{graph->layer(i), shapes, graph->output_shape(i), weights, fuse_small_dense}));
    } catch (const Error& error) {
      rethrow_for(layer_context(i), error);
    }
    scratch_floats = std::max(scratch_floats, ops.back()->scratch_floats(max_batch));
  }
  scratch = DeviceArray<float>(scratch_floats);
}

void CudaBackend::Impl::enqueue_all(int64_t batch, int slot) {
  std::vector<const float*> inputs;
  for (int i = 0; i < graph->size(); ++i) {
    const DeviceOp* op = ops[static_cast<size_t>(i)].get();
    if (op == nullptr) continue;
    inputs.clear();
    for (int input : graph->inputs_of(i)) inputs.push_back(node_data(input, slot));
    try {
      op->enqueue(OpLaunch{compute.get(), blas.get(), inputs, node_data(i, slot), batch, scratch.get()});
      CUDA_CHECK(cudaGetLastError());  // a bad launch of this op
    } catch (const Error& error) {
      rethrow_for(layer_context(i), error);
    }
  }
}

void CudaBackend::Impl::capture(int64_t batch, int slot) {
  CUDA_CHECK(cudaStreamBeginCapture(compute.get(), cudaStreamCaptureModeThreadLocal));
  try {
    enqueue_all(batch, slot);
  } catch (...) {
    cudaGraph_t broken = nullptr;
    (void)cudaStreamEndCapture(compute.get(), &broken);  // the stream must leave capture mode
    Graph discard(broken);
    (void)cudaGetLastError();
    throw;
  }
  cudaGraph_t raw = nullptr;
  CUDA_CHECK(cudaStreamEndCapture(compute.get(), &raw));
  const Graph captured(raw);
  cudaGraphExec_t exec = nullptr;
  CUDA_CHECK(cudaGraphInstantiate(&exec, raw, 0));
  graphs.emplace(std::make_pair(batch, slot), GraphExec(exec));
}

void CudaBackend::Impl::launch(int64_t batch, int slot) {
  // A graph of inputs and identities only has nothing to compute (and nothing to capture).
  if (std::none_of(ops.begin(), ops.end(), [](const auto& op) { return op != nullptr; })) return;
  const auto found = graphs_enabled ? graphs.find(std::make_pair(batch, slot)) : graphs.end();
  if (found != graphs.end()) {
    try {
      CUDA_CHECK(cudaGraphLaunch(found->second.get(), compute.get()));
    } catch (const Error& error) {
      rethrow_for(graph->source_file(), error);
    }
    return;
  }
  // The first run of a shape goes op by op, outside any capture: kernels and cuBLAS load then,
  // and an error names its layer. The same work is then captured for the next runs.
  enqueue_all(batch, slot);
  if (graphs_enabled && graphs.size() < kMaxGraphs) capture(batch, slot);
}

CudaBackend::CudaBackend() : impl_(std::make_unique<Impl>()) {
  const DeviceProbe& probe = probe_cuda_device();
  if (!probe.device) throw_unsupported("--backend cuda", "no usable CUDA GPU: " + probe.why);
  Impl& m = *impl_;
  m.device = *probe.device;
  CUDA_CHECK(cudaSetDevice(m.device.index));
  m.compute = make_stream();
  m.upload = make_stream();
  for (int s = 0; s < kSlots; ++s) {
    m.uploaded[static_cast<size_t>(s)] = make_event();
    m.computed[static_cast<size_t>(s)] = make_event();
  }
  cublasHandle_t handle = nullptr;
  CUBLAS_CHECK(cublasCreate(&handle));
  m.blas = CublasHandle(handle);
  CUBLAS_CHECK(cublasSetStream(handle, m.compute.get()));
  // Full FP32 GEMMs (no TF32), so results match the CPU backend's; CUBLAS_DEFAULT_MATH never
  // trades mantissa bits for speed.
  CUBLAS_CHECK(cublasSetMathMode(handle, CUBLAS_DEFAULT_MATH));
  m.blas_workspace = DeviceArray<unsigned char>(kBlasWorkspaceBytes);
  // After cublasSetStream, never before: it resets the handle to cuBLAS' own workspace pool
  // (cuBLAS docs, cublasSetStream), which graph capture cannot allocate from.
  CUBLAS_CHECK(cublasSetWorkspace(handle, m.blas_workspace.get(), static_cast<size_t>(kBlasWorkspaceBytes)));
  m.stats_partials = DeviceArray<kernels::DeviceStats>(kernels::kStatsBlocks);
  m.stats_blocks_done = DeviceArray<unsigned int>(1);
  // On the stream publishing uses: the compute stream does not wait for the legacy default one.
  CUDA_CHECK(cudaMemsetAsync(m.stats_blocks_done.get(), 0, sizeof(unsigned int), m.compute.get()));
}

CudaBackend::~CudaBackend() {
  if (impl_ && impl_->compute) (void)cudaStreamSynchronize(impl_->compute.get());
  if (impl_ && impl_->upload) (void)cudaStreamSynchronize(impl_->upload.get());
}

bool CudaBackend::supports(const model::Layer& layer) const { return device_supports(layer); }

void CudaBackend::plan(const model::Graph& graph, int64_t max_batch) {
  if (max_batch <= 0) throw_bad_input("--batch", "batch size must be positive");
  check_supported(*this, graph);
  Impl& m = *impl_;
  synchronize();
  // A model whose outputs cannot fit on the device is refused, naming its largest layer, before
  // anything is freed or allocated; the current plan's buffers count as available.
  size_t free_bytes = 0, total_bytes = 0;
  CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  uint64_t held = 0;
  for (const Impl::Buffer& buffer : m.buffers) {
    held += static_cast<uint64_t>(buffer.values + 2 * kGuardFloats) * sizeof(float);
  }
  check_outputs_fit(graph, max_batch, {free_bytes + held, "free device memory (cudaMemGetInfo)"});
  m.graphs.clear();
  m.graph = &graph;
  m.max_batch = max_batch;
  m.last_batch = 0;
  try {
    m.plan_graph();
  } catch (...) {
    // Half-made buffers and ops must not meet a later run(), which would index past them: the
    // backend is unplanned again (run, download and publish refuse until the next plan).
    m.graph = nullptr;
    m.ops.clear();
    throw;
  }
}

void CudaBackend::Impl::plan_graph() {
  // The old plan's ops (their weights, index maps) and scratch go before the new buffers are
  // allocated: check_outputs_fit counted the old buffers as free, not both plans at once.
  ops.clear();
  weights = WeightCache();
  scratch = DeviceArray<float>();
  allocate_buffers();
  build_ops();
  int64_t staging_floats = 0;
  staging_offset.clear();
  for (int input : graph->input_layers()) {
    staging_offset.push_back(staging_floats);
    staging_floats += max_batch * element_count(graph->output_shape(input));
  }
  for (auto& slot : staging) slot = PinnedArray<float>(staging_floats);
  // The guards, weights and index maps went up by cudaMemcpy from pageable memory on the legacy
  // stream, which may return before the DMA has landed ("API synchronization behavior" in the
  // CUDA runtime docs), and the compute stream does not wait for the legacy one: finish them here.
  CUDA_CHECK(cudaDeviceSynchronize());
  // Recorded once, so the first waits on them are already satisfied.
  for (int s = 0; s < kSlots; ++s) {
    CUDA_CHECK(cudaEventRecord(uploaded[static_cast<size_t>(s)].get(), upload.get()));
    CUDA_CHECK(cudaEventRecord(computed[static_cast<size_t>(s)].get(), compute.get()));
  }
}

void CudaBackend::run(std::span<const float* const> inputs, int64_t batch) {
  Impl& m = *impl_;
  if (!m.graph) throw_internal("cuda backend", "run() before plan()");
  if (batch <= 0 || batch > m.max_batch) throw_internal("cuda backend", "batch outside the planned size");
  const std::vector<int>& input_layers = m.graph->input_layers();
  if (inputs.size() != input_layers.size()) throw_internal("cuda backend", "wrong number of input arrays");
  const int slot = m.last_batch == 0 ? 0 : 1 - m.last_slot;
  const auto s = static_cast<size_t>(slot);
  // Patterns already in page-locked memory go up as they are; others through this slot's pinned
  // staging buffer (a DMA engine cannot read pageable memory asynchronously).
  const bool direct = std::all_of(inputs.begin(), inputs.end(), page_locked);
  // The staging buffer is free once the upload two runs ago has read it; the slot's device
  // buffers once the compute two runs ago has.
  CUDA_CHECK(cudaEventSynchronize(m.uploaded[s].get()));
  CUDA_CHECK(cudaStreamWaitEvent(m.upload.get(), m.computed[s].get(), 0));
  for (size_t k = 0; k < inputs.size(); ++k) {
    const int node = input_layers[k];
    const auto bytes = static_cast<size_t>(batch * element_count(m.graph->output_shape(node))) * sizeof(float);
    const float* source = inputs[k];
    if (!direct) {
      float* staged = m.staging[s].get() + m.staging_offset[k];
      std::memcpy(staged, inputs[k], bytes);
      source = staged;
    }
    CUDA_CHECK(cudaMemcpyAsync(m.node_data(node, slot), source, bytes, cudaMemcpyHostToDevice, m.upload.get()));
  }
  CUDA_CHECK(cudaEventRecord(m.uploaded[s].get(), m.upload.get()));
  CUDA_CHECK(cudaStreamWaitEvent(m.compute.get(), m.uploaded[s].get(), 0));
  m.launch(batch, slot);
  CUDA_CHECK(cudaEventRecord(m.computed[s].get(), m.compute.get()));
  m.last_batch = batch;
  m.last_slot = slot;
  // The caller's memory is theirs again once read; the compute goes on meanwhile.
  if (direct) CUDA_CHECK(cudaEventSynchronize(m.uploaded[s].get()));
}

void CudaBackend::download(int index, std::span<float> destination) const {
  const Impl& m = *impl_;
  if (!m.graph || m.last_batch == 0) throw_internal("cuda backend", "download() before run()");
  const int64_t count = m.last_batch * element_count(m.graph->output_shape(index));
  if (static_cast<int64_t>(destination.size()) < count)
    throw_internal("cuda backend", "download destination too small");
  try {
    CUDA_CHECK(cudaMemcpyAsync(destination.data(), m.node_data(index, m.last_slot),
                               static_cast<size_t>(count) * sizeof(float), cudaMemcpyDeviceToHost, m.compute.get()));
    CUDA_CHECK(cudaStreamSynchronize(m.compute.get()));
  } catch (const Error& error) {
    rethrow_for(m.layer_context(index), error);
  }
}

const CudaDevice& CudaBackend::device() const { return impl_->device; }

std::optional<int> CudaBackend::cuda_device() const { return impl_->device.index; }

std::optional<Backend::DeviceInfo> CudaBackend::device_info() const {
  size_t free_bytes = 0, total_bytes = 0;
  // The backend's device is current on this thread (the constructor made it so).
  if (cudaMemGetInfo(&free_bytes, &total_bytes) != cudaSuccess) {
    (void)cudaGetLastError();
    return std::nullopt;
  }
  return DeviceInfo{describe(impl_->device), static_cast<int64_t>(total_bytes - free_bytes),
                    static_cast<int64_t>(total_bytes)};
}

void CudaBackend::set_graphs_enabled(bool enabled) { impl_->graphs_enabled = enabled; }

void CudaBackend::set_small_dense_fusion(bool enabled) { impl_->fuse_small_dense = enabled; }

void CudaBackend::synchronize() const {
  CUDA_CHECK(cudaStreamSynchronize(impl_->upload.get()));
  CUDA_CHECK(cudaStreamSynchronize(impl_->compute.get()));
}

void* CudaBackend::stream() const { return impl_->compute.get(); }

std::vector<std::string> CudaBackend::damaged_guards() const {
  const Impl& m = *impl_;
  synchronize();
  std::vector<std::string> damaged;
  if (!m.graph) return damaged;
  std::vector<uint32_t> guard(static_cast<size_t>(kGuardFloats));
  for (size_t b = 0; b < m.buffers.size(); ++b) {
    const Impl::Buffer& buffer = m.buffers[b];
    bool intact = true;
    for (const float* at : {buffer.memory.get(), buffer.memory.get() + kGuardFloats + buffer.values}) {
      CUDA_CHECK(cudaMemcpy(guard.data(), at, guard.size() * sizeof(uint32_t), cudaMemcpyDeviceToHost));
      intact = intact && std::all_of(guard.begin(), guard.end(), [](uint32_t bits) { return bits == kGuardBits; });
    }
    if (intact) continue;
    for (int i = 0; i < m.graph->size(); ++i) {
      const auto& slots = m.buffer_of[static_cast<size_t>(i)];
      if (std::find(slots.begin(), slots.end(), static_cast<int>(b)) != slots.end()) {
        damaged.push_back(m.graph->node_name(i));
      }
    }
  }
  return damaged;
}

}  // namespace cerebro::compute::cuda
