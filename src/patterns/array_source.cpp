#include "patterns/array_source.hpp"

#include "core/error.hpp"
#include "core/log.hpp"

namespace cerebro::patterns {
namespace {

std::string batched_tuple(const Shape& input) {
  Shape with_n{0};
  with_n.insert(with_n.end(), input.begin(), input.end());
  std::string text = shape_tuple(with_n);
  return "(N" + text.substr(2);
}

}  // namespace

ArraySource::ArraySource(ArrayFile file, const Shape& input_shape, const PatternOptions& options)
    : file_(std::move(file)), shape_(input_shape) {
  const Shape& stored = file_.shape();
  // uint8 arrays hold pixels (MNIST's IDX files, images saved with NumPy): 255 means 1.
  const float max = file_.type() == ElementType::UInt8 ? 255.0f : 1.0f;
  const Shape per_pattern = stored.empty() ? Shape{} : Shape(stored.begin() + 1, stored.end());
  if (stored == input_shape) {
    converter_ = Converter::fit(stored, max, input_shape, options);
    count_ = 1;
  } else if (!stored.empty() && (converter_ = Converter::fit(per_pattern, max, input_shape, options))) {
    count_ = stored.front();
  } else if ((converter_ = Converter::fit(stored, max, input_shape, options))) {
    count_ = 1;
  } else {
    const bool resizable = fits_with_resize(per_pattern, input_shape) || fits_with_resize(stored, input_shape);
    throw_misfit(file_.name(), stored, input_shape, resizable && !options.resize,
                 shape_tuple(input_shape) + " or " + batched_tuple(input_shape));
  }
  stored_size_ = count_ == 1 ? element_count(stored) : element_count(per_pattern);
  if (converter_->resizes()) log_info("resizing patterns from " + converter_->resize_text() + " (bilinear)");
}

void ArraySource::read(int64_t first, int64_t n, float* destination) {
  if (first < 0 || n < 0 || first > count_ || n > count_ - first)
    throw_internal(describe(), "pattern index out of range");
  const int64_t size = element_count(shape_);
  if (converter_->same_layout()) {
    // Same number of values per pattern: read straight into place, then fix the values there.
    file_.read(first * stored_size_, n * stored_size_, destination);
    for (int64_t p = 0; p < n; ++p) converter_->apply(destination + p * size, destination + p * size);
    return;
  }
  staging_.resize(static_cast<size_t>(stored_size_));
  for (int64_t p = 0; p < n; ++p) {
    file_.read((first + p) * stored_size_, stored_size_, staging_.data());
    converter_->apply(staging_.data(), destination + p * size);
  }
}

}  // namespace cerebro::patterns
