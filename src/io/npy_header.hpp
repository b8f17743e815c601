#pragma once
// The .npy header on its own (used by npy.cpp and npz.cpp; tests check it byte for byte):
//   "\x93NUMPY" major minor  length (uint16 LE for 1.0, uint32 LE for 2.0/3.0)  dict
// where dict is a Python dict literal such as "{'descr': '<f4', 'fortran_order': False,
// 'shape': (2, 3), }", padded with spaces and a final '\n' so the values start 64-byte aligned.
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/npy.hpp"

namespace cerebro::io {

inline constexpr size_t kNpyPrefixSize = 12;  // magic (6) + version (2) + the longest length (4)
inline constexpr size_t kNpyAlign = 64;       // NumPy's ARRAY_ALIGN
// NumPy >= 2.0 pads the dict so the first axis can grow in place (its GROWTH_AXIS_MAX_DIGITS).
inline constexpr size_t kNpyGrowthAxisDigits = 21;

struct NpyPreamble {
  int major = 1;
  size_t dict_offset = 0;  // where the dict starts: 10 for version 1.0, 12 for 2.0 and 3.0
  size_t dict_length = 0;
};

// `prefix` is the file's first kNpyPrefixSize bytes (fewer when the file is shorter). Refuses a
// bad magic string, an unknown version and a header length over 1 MiB.
NpyPreamble parse_npy_preamble(std::string_view prefix, const std::string& context);

struct NpyHeader {
  NpyDtype dtype = NpyDtype::Float32;
  Shape shape;
};

// Parses the dict by hand (nothing is evaluated): exactly the keys 'descr', 'fortran_order' and
// 'shape'. Refuses dtypes other than float32/float64/uint8, Fortran order and absurd shapes.
NpyHeader parse_npy_dict(std::string_view dict, const std::string& context);

int64_t npy_item_size(NpyDtype dtype);
// Bytes of values the header promises (validated shapes cannot overflow this).
int64_t npy_data_bytes(const NpyHeader& header);

// The header NpyWriter writes (magic, version, length and padded dict): byte-identical to what
// NumPy 2.x's np.save writes for a C-order float32 array of this shape; version 2.0 only when the
// dict outgrows 1.0's 16-bit length, as NumPy does.
std::string npy_f32_header(const Shape& full_shape);

}  // namespace cerebro::io
