#pragma once
#include "patterns/pattern_source.hpp"

namespace cerebro::patterns {

// N patterns of uniform [0, 1) values. Pattern i depends only on (seed, i), so scrubbing back and
// forth shows the same pattern every time.
class RandomSource final : public PatternSource {
 public:
  RandomSource(Shape shape, int64_t count, uint64_t seed);

  int64_t count() const override { return count_; }
  const Shape& shape() const override { return shape_; }
  void read(int64_t first, int64_t n, float* destination) override;
  std::string describe() const override;

 private:
  Shape shape_;
  int64_t count_;
  uint64_t seed_;
};

}  // namespace cerebro::patterns
