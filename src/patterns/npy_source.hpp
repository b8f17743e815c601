#pragma once
#include "io/npy.hpp"
#include "patterns/pattern_source.hpp"

namespace cerebro::patterns {

// Patterns from a .npy file, streamed from disk. The file holds (N, *input) or a single *input.
class NpySource final : public PatternSource {
 public:
  NpySource(const std::string& path, const Shape& input_shape);

  int64_t count() const override { return count_; }
  const Shape& shape() const override { return shape_; }
  void read(int64_t first, int64_t n, float* destination) override;
  std::string describe() const override { return reader_.path(); }

 private:
  io::NpyReader reader_;
  Shape shape_;
  int64_t count_ = 0;
};

}  // namespace cerebro::patterns
