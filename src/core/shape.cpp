#include "core/shape.hpp"

#include <limits>

#include "core/error.hpp"

namespace cerebro {

int64_t element_count(const Shape& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string shape_with_batch(const Shape& shape) {
  std::string s = "(None";
  for (int64_t d : shape) s += ", " + std::to_string(d);
  return s + ")";
}

std::string shape_tuple(const Shape& shape) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

void validate_shape(const Shape& shape, const std::string& context, int64_t max_elements) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d <= 0) throw_bad_input(context, "shape " + shape_tuple(shape) + " has a non-positive dimension");
    if (n > max_elements / d) {
      throw_bad_input(context, "shape " + shape_tuple(shape) + " is too large (over " +
                                   std::to_string(max_elements) + " values)");
    }
    n *= d;
  }
}

}  // namespace cerebro
