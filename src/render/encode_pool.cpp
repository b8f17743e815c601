#include "render/encode_pool.hpp"

#include <algorithm>
#include <utility>

namespace cerebro::render {

EncodePool::EncodePool(unsigned threads, PngOptions options) : options_(options) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  // Two pages per worker in flight keeps every core busy without piling up pages in memory.
  capacity_ = 2 * threads;
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
}

EncodePool::~EncodePool() {
  {
    std::lock_guard lock(mutex_);
    // Without finish() (an error elsewhere): drop the pages not started yet.
    queue_.clear();
    stopping_ = true;
  }
  has_work_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void EncodePool::rethrow_locked() {
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
}

void EncodePool::submit(std::filesystem::path path, std::vector<uint8_t> pixels, int width, int height,
                        PixelLayout layout) {
  std::unique_lock lock(mutex_);
  has_room_.wait(lock, [this] { return queue_.size() < capacity_ || error_; });
  rethrow_locked();
  queue_.push_back({std::move(path), std::move(pixels), width, height, layout});
  lock.unlock();
  has_work_.notify_one();
}

void EncodePool::finish() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return (queue_.empty() && busy_ == 0) || error_; });
  rethrow_locked();
}

std::vector<uint8_t> EncodePool::take_buffer() {
  std::lock_guard lock(mutex_);
  if (free_buffers_.empty()) return {};
  std::vector<uint8_t> buffer = std::move(free_buffers_.back());
  free_buffers_.pop_back();
  return buffer;
}

int64_t EncodePool::written() const {
  std::lock_guard lock(mutex_);
  return written_;
}

void EncodePool::work() {
  for (;;) {
    std::unique_lock lock(mutex_);
    has_work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    Job job = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    has_room_.notify_one();
    try {
      write_file(job.path, encode_png(job.pixels, job.width, job.height, job.layout, options_));
      lock.lock();
      ++written_;
      if (free_buffers_.size() < capacity_ + workers_.size()) free_buffers_.push_back(std::move(job.pixels));
    } catch (...) {
      lock.lock();
      if (!error_) error_ = std::current_exception();
      queue_.clear();
      has_room_.notify_all();
    }
    --busy_;
    if (queue_.empty() && busy_ == 0) idle_.notify_all();
    if (error_) idle_.notify_all();
  }
}

}  // namespace cerebro::render
