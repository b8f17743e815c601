// The emulated device's threads. A launch runs its blocks one after another on the calling thread.
// A block that synchronises (__syncthreads, __syncwarp, __shfl_xor_sync) runs its threads as
// ucontext fibers: each runs until it reaches a barrier or exits, and a barrier releases its
// threads only once every thread it waits for has arrived, so a kernel sees the same values as in
// lockstep. Fibers switch only there, and one runs at a time: a data race between threads is not
// observable here (see ../README.md). Thread 0 runs until its first barrier before thread 1
// starts: a missing barrier between a write and another thread's read shows as a wrong value.
// A launch whose first block reaches no barrier runs its other blocks as plain loops (the cost of
// fibers is paid only by kernels that need them); a barrier reached there is reported.
#include <sanitizer/common_interface_defs.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cerebro_emulation.hpp"
#include "cuda_runtime.h"

thread_local uint3 threadIdx;
thread_local uint3 blockIdx;
thread_local dim3 blockDim;
thread_local dim3 gridDim;

// ASan must be told about every stack switch, or it reports the fibers' frames as overflows:
// https://github.com/google/sanitizers/wiki/AddressSanitizerFiberSupport (GCC's macro; clang's
// __has_feature form for completeness).
#if defined(__SANITIZE_ADDRESS__)
#define CEREBRO_EMULATION_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CEREBRO_EMULATION_ASAN 1
#endif
#endif

namespace cerebro::emulation {
namespace {

constexpr unsigned int kWarp = 32;
constexpr unsigned int kFullMask = 0xffffffffu;
// A fiber runs one kernel thread: a few frames. Small stacks keep ASan's swapcontext interceptor
// cheap (it clears the shadow of the whole stack it switches to); the lowest page of each is a
// guard, so an overflow faults instead of writing into the next fiber's stack.
constexpr size_t kStackBytes = 64 * 1024;
constexpr size_t kGuardBytes = 4096;

enum class Mode { Host, Direct, Fibers };
enum class ThreadState { Ready, AtBlockBarrier, AtWarpBarrier, Done };

struct Fiber {
  ucontext_t context{};
  ThreadState state = ThreadState::Ready;
  void* fake_stack = nullptr;  // ASan's fake stack of the switched-out fiber
};

struct Scheduler {
  Mode mode = Mode::Host;
  unsigned int current = 0;
  bool synchronised = false;  // a barrier ran in this block
  const std::function<void()>* body = nullptr;
  std::vector<Fiber> fibers;
  std::vector<double> shuffled;  // one slot per thread of the block
  ucontext_t home{};
  void* home_fake_stack = nullptr;
  const void* home_bottom = nullptr;
  size_t home_size = 0;
  char* stacks = nullptr;
  size_t stack_count = 0;

  ~Scheduler() {
    if (stacks != nullptr) munmap(stacks, stack_count * kStackBytes);
  }
  char* stack(unsigned int t) { return stacks + static_cast<size_t>(t) * kStackBytes + kGuardBytes; }
};

thread_local Scheduler g_scheduler;

void start_switch([[maybe_unused]] void** fake_stack, [[maybe_unused]] const void* bottom,
                  [[maybe_unused]] size_t size) {
#ifdef CEREBRO_EMULATION_ASAN
  __sanitizer_start_switch_fiber(fake_stack, bottom, size);
#endif
}

void finish_switch([[maybe_unused]] void* fake_stack, [[maybe_unused]] const void** bottom,
                   [[maybe_unused]] size_t* size) {
#ifdef CEREBRO_EMULATION_ASAN
  __sanitizer_finish_switch_fiber(fake_stack, bottom, size);
#endif
}

// From the running fiber back to the scheduler; returns when the scheduler resumes it.
void yield_to_scheduler(ThreadState state) {
  Scheduler& s = g_scheduler;
  Fiber& fiber = s.fibers[s.current];
  fiber.state = state;
  start_switch(state == ThreadState::Done ? nullptr : &fiber.fake_stack, s.home_bottom, s.home_size);
  swapcontext(&fiber.context, &s.home);
  finish_switch(fiber.fake_stack, &s.home_bottom, &s.home_size);
}

__attribute__((noinline)) void run_thread_body() { (*g_scheduler.body)(); }

// A fiber's whole life: no locals of its own, so nothing of its frame is left poisoned for ASan
// when the stack is reused by the next block's fiber.
void fiber_entry() {
  finish_switch(nullptr, &g_scheduler.home_bottom, &g_scheduler.home_size);
  run_thread_body();
  yield_to_scheduler(ThreadState::Done);
  device_fault("a finished fiber was resumed");
}

void resume(unsigned int t) {
  Scheduler& s = g_scheduler;
  s.current = t;
  threadIdx = uint3{t, 0, 0};
  start_switch(&s.home_fake_stack, s.stack(t), kStackBytes - kGuardBytes);
  swapcontext(&s.home, &s.fibers[t].context);
  finish_switch(s.home_fake_stack, nullptr, nullptr);
}

std::string describe_stall(unsigned int threads) {
  unsigned int block = 0, warp = 0, done = 0;
  for (unsigned int t = 0; t < threads; ++t) {
    const ThreadState state = g_scheduler.fibers[t].state;
    block += state == ThreadState::AtBlockBarrier ? 1 : 0;
    warp += state == ThreadState::AtWarpBarrier ? 1 : 0;
    done += state == ThreadState::Done ? 1 : 0;
  }
  return "block " + std::to_string(blockIdx.x) + ": " + std::to_string(block) + " threads at __syncthreads, " +
         std::to_string(warp) + " at a warp barrier or shuffle, " + std::to_string(done) +
         " exited: a barrier that not every thread it waits for reaches";
}

// Releases the barriers every awaited thread has reached; false when none could be released.
bool release_barriers(unsigned int threads) {
  Scheduler& s = g_scheduler;
  bool released = false;
  bool all_at_block = true;
  for (unsigned int t = 0; t < threads; ++t) {
    all_at_block = all_at_block && s.fibers[t].state == ThreadState::AtBlockBarrier;
  }
  if (all_at_block) {
    for (unsigned int t = 0; t < threads; ++t) s.fibers[t].state = ThreadState::Ready;
    return true;
  }
  for (unsigned int first = 0; first < threads; first += kWarp) {
    bool all_at_warp = true;
    for (unsigned int t = first; t < first + kWarp && t < threads; ++t) {
      all_at_warp = all_at_warp && s.fibers[t].state == ThreadState::AtWarpBarrier;
    }
    if (!all_at_warp) continue;
    for (unsigned int t = first; t < first + kWarp && t < threads; ++t) s.fibers[t].state = ThreadState::Ready;
    released = true;
  }
  return released;
}

void ensure_stacks(unsigned int threads) {
  Scheduler& s = g_scheduler;
  if (s.stack_count >= threads) return;
  if (s.stacks != nullptr) munmap(s.stacks, s.stack_count * kStackBytes);
  void* memory = mmap(nullptr, threads * kStackBytes, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (memory == MAP_FAILED) device_fault("cannot map the fibers' stacks");
  s.stacks = static_cast<char*>(memory);
  for (unsigned int t = 0; t < threads; ++t) {
    if (mprotect(s.stacks + static_cast<size_t>(t) * kStackBytes, kGuardBytes, PROT_NONE) != 0) {
      device_fault("cannot protect the fibers' guard pages");
    }
  }
  s.stack_count = threads;
  s.fibers.resize(threads);
  s.shuffled.resize(threads);
}

void run_block_as_fibers(unsigned int threads) {
  Scheduler& s = g_scheduler;
  ensure_stacks(threads);
  for (unsigned int t = 0; t < threads; ++t) {
    Fiber& fiber = s.fibers[t];
    fiber.state = ThreadState::Ready;
    fiber.fake_stack = nullptr;
    getcontext(&fiber.context);
    fiber.context.uc_stack.ss_sp = s.stack(t);
    fiber.context.uc_stack.ss_size = kStackBytes - kGuardBytes;
    fiber.context.uc_link = nullptr;
    makecontext(&fiber.context, fiber_entry, 0);
  }
  for (;;) {
    bool all_done = true;
    for (unsigned int t = 0; t < threads; ++t) {
      if (s.fibers[t].state == ThreadState::Ready) resume(t);
      all_done = all_done && s.fibers[t].state == ThreadState::Done;
    }
    if (all_done) return;
    if (!release_barriers(threads)) device_fault(describe_stall(threads).c_str());
  }
}

void run_block_directly(unsigned int threads) {
  for (unsigned int t = 0; t < threads; ++t) {
    threadIdx = uint3{t, 0, 0};
    (*g_scheduler.body)();
  }
}

void run_grid(unsigned int blocks, unsigned int threads, const std::function<void()>& body) {
  Scheduler& s = g_scheduler;
  if (s.mode != Mode::Host) device_fault("a kernel launched another kernel");
  gridDim = dim3{blocks, 1, 1};
  blockDim = dim3{threads, 1, 1};
  s.body = &body;
  s.synchronised = false;
  for (unsigned int b = 0; b < blocks; ++b) {
    blockIdx = uint3{b, 0, 0};
    s.mode = b == 0 || s.synchronised ? Mode::Fibers : Mode::Direct;
    if (s.mode == Mode::Fibers) {
      run_block_as_fibers(threads);
    } else {
      run_block_directly(threads);
    }
  }
  s.mode = Mode::Host;
  s.body = nullptr;
}

void wait_at(ThreadState barrier) {
  Scheduler& s = g_scheduler;
  if (s.mode == Mode::Host) device_fault("a barrier outside a kernel");
  if (s.mode == Mode::Direct) {
    device_fault("a barrier in a block run as a plain loop: the launch's first block reached none");
  }
  s.synchronised = true;
  yield_to_scheduler(barrier);
}

void require_full_mask(unsigned int mask) {
  if (mask != kFullMask) device_fault("a warp operation with a partial mask: only full warps are emulated");
}

}  // namespace

void launch(cudaStream_t stream, unsigned int blocks, unsigned int threads, std::function<void()> thread_body) {
  if (threads == 0 || threads % kWarp != 0 || threads > 1024) device_fault("a block size the backend never uses");
  enqueue(stream, [blocks, threads, body = std::move(thread_body)] { run_grid(blocks, threads, body); });
}

void sync_block() { wait_at(ThreadState::AtBlockBarrier); }

void sync_warp(unsigned int mask) {
  require_full_mask(mask);
  wait_at(ThreadState::AtWarpBarrier);
}

double shuffle_xor(unsigned int mask, double value, int lane_mask) {
  require_full_mask(mask);
  if (lane_mask < 0 || lane_mask >= static_cast<int>(kWarp)) device_fault("a shuffle outside the warp");
  Scheduler& s = g_scheduler;
  const unsigned int t = threadIdx.x;
  s.shuffled[t] = value;
  wait_at(ThreadState::AtWarpBarrier);  // every lane has published its value
  const double got = s.shuffled[t ^ static_cast<unsigned int>(lane_mask)];
  wait_at(ThreadState::AtWarpBarrier);  // every lane has read before any publishes again
  return got;
}

void device_fault(const char* what) {
  std::fprintf(stderr, "cerebro CUDA emulation: %s (block %u, thread %u)\n", what, blockIdx.x, threadIdx.x);
  std::abort();
}

}  // namespace cerebro::emulation
