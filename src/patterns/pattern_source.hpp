#pragma once
// A pattern set you can index: pattern i of N, each of the model input's shape, read in batches
// so a large file is streamed, never loaded whole.
#include <cstdint>
#include <memory>
#include <string>

#include "core/shape.hpp"

namespace cerebro::patterns {

class PatternSource {
 public:
  virtual ~PatternSource() = default;
  virtual int64_t count() const = 0;
  virtual const Shape& shape() const = 0;
  // Writes patterns [first, first + n) as float32 into `destination` (n x shape values).
  virtual void read(int64_t first, int64_t n, float* destination) = 0;
  // One line for logs and sidecars: "random:1:0", "digits.npy".
  virtual std::string describe() const = 0;
};

// Opens a pattern set for a model input of `input_shape`:
//   random[:N[:SEED]]  N uniform [0, 1) patterns (the article's np.random.sample), default N=1, SEED=0
//   PATH.npy           float32, float64 or uint8, C order, shape (N, *input) or *input
// A spec that does not fit is a BadInput error naming it (and both shapes on a mismatch).
std::unique_ptr<PatternSource> open_patterns(const std::string& spec, const Shape& input_shape);

}  // namespace cerebro::patterns
