// The .npy header on its own: what NpyWriter writes (checked against NumPy's bytes) and how the
// hand-written dict parser treats odd but valid headers and broken ones.
#include "io/npy_header.hpp"

#include <gtest/gtest.h>

#include "io/io_test_util.hpp"
#include "support/test_support.hpp"

namespace cerebro::io {
namespace {

using test::expect_error;
using test::make_npy;
using test::raw_bytes;

TEST(NpyHeader, MatchesNumpyForTwoByThree) {
  const std::string header = npy_f32_header({2, 3});
  // What np.save writes (NumPy 2.x): 20 spaces reserved for the first axis to grow, then
  // padding to 128 bytes ending in '\n'.
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
  ASSERT_EQ(header.size(), 128u);
  EXPECT_EQ(header.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(static_cast<unsigned char>(header[8]) | (static_cast<unsigned char>(header[9]) << 8), 118);
  EXPECT_EQ(header.substr(10, dict.size()), dict);
  EXPECT_EQ(header.substr(10 + dict.size()), std::string(128 - 10 - dict.size() - 1, ' ') + "\n");

  const std::string numpy_file = testing::read_text(testing::fixture("npy/f4_2x3.npy"));
  EXPECT_EQ(header, numpy_file.substr(0, header.size()));
}

TEST(NpyHeader, AlignsEveryShapeTo64Bytes) {
  for (const Shape& shape : {Shape{}, Shape{7}, Shape{1234567890123}, Shape{1, 2, 3, 4, 5, 6, 7, 8}}) {
    const std::string header = npy_f32_header(shape);
    EXPECT_EQ(header.size() % 64, 0u) << shape_tuple(shape);
    EXPECT_EQ(header.back(), '\n');
    EXPECT_NE(header.find(shape_tuple(shape)), std::string::npos);
  }
  const Shape small{1, 2, 3, 4, 5, 6, 7, 8};
  const std::string zeros(static_cast<size_t>(element_count(small)) * 4, '\0');
  EXPECT_EQ(parse_npy(npy_f32_header(small) + zeros, "mem").shape, small);
}

TEST(NpyHeader, MatchesNumpyForOtherRanks) {
  // NumPy gives a scalar no growth padding; the rest pads by the first axis' digits.
  const std::pair<const char*, Shape> files[] = {{"f4_0d.npy", {}}, {"f4_1d.npy", {5}}, {"f4_3d.npy", {2, 3, 4}}};
  for (const auto& [name, shape] : files) {
    const std::string header = npy_f32_header(shape);
    EXPECT_EQ(header, testing::read_text(testing::fixture(std::string("npy/") + name)).substr(0, header.size()))
        << name;
  }
}

TEST(NpyHeader, SwitchesToVersion2WhenTheDictOutgrows16Bits) {
  const Shape shape(25000, 1);  // "1, " x 25000: a dict of about 75 kB
  const std::string header = npy_f32_header(shape);
  EXPECT_EQ(header[6], '\x02');
  EXPECT_EQ(header.size() % 64, 0u);
  const NpyArray array = parse_npy(header + raw_bytes({2.5f}), "mem");
  EXPECT_EQ(array.shape, shape);
  EXPECT_EQ(array.values, std::vector<double>{2.5});
}

TEST(NpyHeader, AcceptsValidVariants) {
  const std::string one = raw_bytes({1.5f});
  // Python 2 long integers, double quotes, no trailing comma, other key order, version 2.0.
  EXPECT_EQ(parse_npy(make_npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1L,)}", one), "m").shape, Shape{1});
  EXPECT_EQ(parse_npy(make_npy("{\"shape\": (1,), \"descr\": \"<f4\", \"fortran_order\": False}\n", one), "m").values,
            std::vector<double>{1.5});
  EXPECT_EQ(parse_npy(make_npy("{'descr':'<f4','fortran_order':False,'shape':(1,),}", one, 2), "m").shape, Shape{1});
  EXPECT_EQ(parse_npy(make_npy("{'descr': '<u1', 'fortran_order': False, 'shape': (2,)}", "\x07\xff"), "m").values,
            (std::vector<double>{7, 255}));
}

TEST(NpyHeader, RefusesMalformedDicts) {
  const std::string data(64, '\0');
  const char* malformed[] = {
      "",
      "garbage",
      "{'descr': '<f4', 'fortran_order': False}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
      "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 'x')}",
      "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': [2]}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)",
      "{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} trailing",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}",
      "{'descr': '<f4', 'fortran_order': False, 'shape': ((((((((((((1,),),),),),),),),),),),)}",
      "{descr: '<f4', 'fortran_order': False, 'shape': (2,)}",
      "{'descr': __import__('os'), 'fortran_order': False, 'shape': (2,)}",
  };
  for (const char* dict : malformed) {
    SCOPED_TRACE(dict);
    expect_error([&] { parse_npy(make_npy(dict, data), "mem.npy"); }, ErrorKind::BadInput,
                 {"mem.npy: ", "malformed .npy header"});
  }
}

TEST(NpyHeader, RefusesUnsupportedContent) {
  const std::string data(64, '\0');
  const auto refuse = [&](const std::string& dict, std::string_view fragment) {
    SCOPED_TRACE(dict);
    expect_error([&] { parse_npy(make_npy(dict, data), "mem.npy"); }, ErrorKind::BadInput, {"mem.npy: ", fragment});
  };
  refuse("{'descr': '<i4', 'fortran_order': False, 'shape': (2,)}", "dtype '<i4' is not supported");
  refuse("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (2,)}", "structured dtypes are not supported");
  refuse("{'descr': '<f4', 'fortran_order': True, 'shape': (2,)}", "Fortran-order");
  refuse("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}", "non-positive dimension");
  refuse("{'descr': '<f4', 'fortran_order': False, 'shape': (0,)}", "non-positive dimension");
  refuse("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 100000)}", "too large");
}

TEST(NpyHeader, RefusesBadPreambles) {
  expect_error([] { parse_npy("", "m"); }, ErrorKind::BadInput, {"m: ", "empty"});
  expect_error([] { parse_npy("PK\x03\x04 not npy at all", "m"); }, ErrorKind::BadInput, {"bad magic"});
  expect_error([] { parse_npy(std::string("\x93NUMPY\x04\x00\x10\x00{}", 12), "m"); }, ErrorKind::BadInput,
               {"version 4.0"});
  expect_error([] { parse_npy(std::string("\x93NUMPY\x01\x00", 8), "m"); }, ErrorKind::BadInput,
               {"ends inside its .npy header"});
  expect_error([] { parse_npy(std::string("\x93NUMPY\x01\x00\x50\x00{'de", 14), "m"); }, ErrorKind::BadInput,
               {"ends inside its .npy header"});
  expect_error([] { parse_npy(std::string("\x93NUMPY\x02\x00\xff\xff\xff\x7f", 12), "m"); }, ErrorKind::BadInput,
               {"implausible"});
}

TEST(NpyHeader, RefusesDataShorterThanTheShape) {
  const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}";
  expect_error([&] { parse_npy(make_npy(dict, std::string(47, '\0')), "mem.npy"); }, ErrorKind::BadInput,
               {"mem.npy: ", "truncated", "48 bytes", "only 47"});
  EXPECT_EQ(parse_npy(make_npy(dict, std::string(48, '\0')), "m").values.size(), 6u);
}

}  // namespace
}  // namespace cerebro::io
