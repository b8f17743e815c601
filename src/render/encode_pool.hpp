#pragma once
// PNG encoding is the main cost of a capture: pages are encoded and written by a pool of worker
// threads (one per core) while the GL thread renders the next ones. The queue is bounded, so
// memory stays flat however many pages there are.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "render/png_writer.hpp"

namespace cerebro::render {

class EncodePool {
 public:
  // threads == 0: one per hardware thread.
  explicit EncodePool(unsigned threads = 0, PngOptions options = {});
  ~EncodePool();
  EncodePool(const EncodePool&) = delete;
  EncodePool& operator=(const EncodePool&) = delete;

  // Queues one page (blocks while the queue is full). Rethrows a worker's error, if any.
  void submit(std::filesystem::path path, std::vector<uint8_t> pixels, int width, int height, PixelLayout layout);
  // A pixel buffer to render the next page into: one that a written page gave back, so pages do
  // not each allocate (and fault in) megabytes; empty when none is free yet.
  std::vector<uint8_t> take_buffer();
  // Waits for every queued page to be written; rethrows the first worker error.
  void finish();
  // Pages written so far.
  int64_t written() const;

 private:
  struct Job {
    std::filesystem::path path;
    std::vector<uint8_t> pixels;
    int width;
    int height;
    PixelLayout layout;
  };
  void work();
  void rethrow_locked();

  PngOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable has_work_;
  std::condition_variable has_room_;
  std::condition_variable idle_;
  std::deque<Job> queue_;
  std::vector<std::vector<uint8_t>> free_buffers_;
  size_t capacity_ = 0;
  int busy_ = 0;
  int64_t written_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::vector<std::thread> workers_;
};

}  // namespace cerebro::render
