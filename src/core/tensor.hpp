#pragma once
// Host tensors: float32 values in C order, with an explicit leading batch axis where noted.
#include <span>
#include <vector>

#include "core/shape.hpp"

namespace cerebro {

// An owned host tensor; `shape` is its full shape (a batch axis included when there is one).
struct Tensor {
  Shape shape;
  std::vector<float> values;
};

// A batch of patterns in someone else's memory: `batch` patterns of `shape` each.
struct BatchView {
  const float* data = nullptr;
  int64_t batch = 0;
  Shape shape;

  int64_t pattern_size() const { return element_count(shape); }
};

struct MutableBatchView {
  float* data = nullptr;
  int64_t batch = 0;
  Shape shape;

  int64_t pattern_size() const { return element_count(shape); }
};

}  // namespace cerebro
