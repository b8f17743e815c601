#pragma once
#include "patterns/array_file.hpp"
#include "patterns/pattern_source.hpp"

namespace cerebro::patterns {

// Patterns from an array file (.npy, .npz entry, IDX), streamed by pattern range. The array is
// either one pattern or a stack of them along its first axis: an exact fit with the model input
// wins, then (N, *stored) and then a single stored pattern, each converted as conversion.hpp says.
class ArraySource final : public PatternSource {
 public:
  ArraySource(ArrayFile file, const Shape& input_shape, const PatternOptions& options);

  int64_t count() const override { return count_; }
  const Shape& shape() const override { return shape_; }
  void read(int64_t first, int64_t n, float* destination) override;
  std::string describe() const override { return file_.name(); }

 private:
  ArrayFile file_;
  Shape shape_;
  int64_t count_ = 0;
  int64_t stored_size_ = 0;  // values per stored pattern
  std::optional<Converter> converter_;
  std::vector<float> staging_;
};

}  // namespace cerebro::patterns
