#include "patterns/npy_source.hpp"

#include "core/error.hpp"

namespace cerebro::patterns {

NpySource::NpySource(const std::string& path, const Shape& input_shape) : reader_(path), shape_(input_shape) {
  const Shape& file_shape = reader_.shape();
  if (file_shape == input_shape) {
    count_ = 1;
  } else if (file_shape.size() == input_shape.size() + 1 && Shape(file_shape.begin() + 1, file_shape.end()) == input_shape) {
    count_ = file_shape.front();
  } else {
    throw_bad_input(path, "pattern shape " + shape_tuple(file_shape) + " does not fit the model input " +
                              shape_tuple(input_shape) + " (expected " + shape_tuple(input_shape) + " or (N, " +
                              shape_tuple(input_shape).substr(1));
  }
  if (count_ <= 0) throw_bad_input(path, "holds no patterns");
}

void NpySource::read(int64_t first, int64_t n, float* destination) {
  if (first < 0 || n < 0 || first + n > count_) throw_internal(reader_.path(), "pattern index out of range");
  const int64_t size = element_count(shape_);
  reader_.read(first * size, n * size, destination);
}

}  // namespace cerebro::patterns
