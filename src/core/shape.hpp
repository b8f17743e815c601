#pragma once
// Shapes of one pattern's tensor: the batch axis is never part of a Shape.
#include <cstdint>
#include <string>
#include <vector>

namespace cerebro {

using Shape = std::vector<int64_t>;

// Number of values in one pattern of this shape (1 for a scalar shape).
int64_t element_count(const Shape& shape);

// Keras' notation with the batch axis as None: "(None, 50, 75)".
std::string shape_with_batch(const Shape& shape);
// Plain tuple notation: "(50, 75)"; a single axis reads "(5,)" as in Python.
std::string shape_tuple(const Shape& shape);

// Throws a BadInput error naming `context` unless every dimension is positive and the total
// number of values stays under `max_elements` (so a hostile file cannot ask for terabytes).
void validate_shape(const Shape& shape, const std::string& context,
                    int64_t max_elements = int64_t{1} << 34);

}  // namespace cerebro
