// NpyReader and NpyWriter against files NumPy wrote (tests/fixtures/npy, tools/make_npy_fixtures.py).
#include "io/npy.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>

#include "io/io_test_util.hpp"
#include "io/npy_header.hpp"
#include "support/test_support.hpp"

namespace cerebro::io {
namespace {

namespace fs = std::filesystem;
using test::expect_error;
using test::make_npy;

std::string npy_fixture(const std::string& name) { return testing::fixture("npy/" + name).string(); }

std::vector<float> read_all(const NpyReader& reader) {
  std::vector<float> values(static_cast<size_t>(reader.element_count()));
  reader.read(0, reader.element_count(), values.data());
  return values;
}

TEST(NpyReader, ReadsFloat32OneD) {
  const NpyReader reader(npy_fixture("f4_1d.npy"));
  EXPECT_EQ(reader.shape(), Shape{5});
  EXPECT_EQ(reader.dtype(), NpyDtype::Float32);
  EXPECT_EQ(reader.path(), npy_fixture("f4_1d.npy"));
  EXPECT_EQ(read_all(reader), (std::vector<float>{-1.0f, -0.5f, 0.0f, 0.5f, 1.0f}));
}

TEST(NpyReader, ReadsAnyRangeOfAThreeDArray) {
  const NpyReader reader(npy_fixture("f4_3d.npy"));
  EXPECT_EQ(reader.shape(), (Shape{2, 3, 4}));
  std::vector<float> values(7, -99.0f);
  reader.read(5, 7, values.data());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(values[i], static_cast<float>(i + 5) / 4) << i;
  reader.read(23, 1, values.data());
  EXPECT_EQ(values[0], 23.0f / 4);
  reader.read(24, 0, values.data());  // an empty range at the end is fine
}

TEST(NpyReader, ReadsAScalar) {
  const NpyReader reader(npy_fixture("f4_0d.npy"));
  EXPECT_TRUE(reader.shape().empty());
  EXPECT_EQ(reader.element_count(), 1);
  EXPECT_EQ(read_all(reader), std::vector<float>{3.5f});
}

TEST(NpyReader, ConvertsFloat64AndUInt8) {
  const NpyReader f8(npy_fixture("f8_2x3.npy"));
  EXPECT_EQ(f8.dtype(), NpyDtype::Float64);
  EXPECT_EQ(f8.shape(), (Shape{2, 3}));
  const std::vector<float> doubles = read_all(f8);
  for (size_t i = 0; i < doubles.size(); ++i) EXPECT_EQ(doubles[i], static_cast<float>(static_cast<double>(i) + 0.1));

  const NpyReader u1(npy_fixture("u1_3x4.npy"));
  EXPECT_EQ(u1.dtype(), NpyDtype::UInt8);
  EXPECT_EQ(u1.shape(), (Shape{3, 4}));
  const std::vector<float> bytes = read_all(u1);
  for (size_t i = 0; i < bytes.size(); ++i) EXPECT_EQ(bytes[i], static_cast<float>(i * 23));
}

TEST(NpyReader, ReadsFormatVersions2And3) {
  for (const char* name : {"f4_v2.npy", "f4_v3.npy"}) {
    const NpyReader reader(npy_fixture(name));
    EXPECT_EQ(reader.shape(), Shape{3}) << name;
    EXPECT_EQ(read_all(reader), (std::vector<float>{0, 1, 2})) << name;
  }
}

TEST(NpyReader, StreamsConvertedValuesInChunks) {
  // More float64 values than one staging chunk holds, read from an offset that is not a multiple.
  testing::TempDir dir;
  std::vector<double> values(20000);
  std::iota(values.begin(), values.end(), -7.0);
  const std::string path = (dir / "big.npy").string();
  testing::write_bytes(path, make_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (20000,), }",
                                      std::string_view(reinterpret_cast<const char*>(values.data()),
                                                       values.size() * sizeof(double))));
  const NpyReader reader(path);
  std::vector<float> got(19000);
  reader.read(999, 19000, got.data());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], static_cast<float>(values[i + 999])) << i;
}

TEST(NpyReader, RefusesRangesOutsideTheArray) {
  const NpyReader reader(npy_fixture("f4_1d.npy"));
  float sink[8];
  expect_error([&] { reader.read(3, 3, sink); }, ErrorKind::BadInput, {reader.path(), "outside", "5 values"});
  expect_error([&] { reader.read(-1, 1, sink); }, ErrorKind::BadInput, {"outside"});
}

TEST(NpyReader, MovesOwnership) {
  NpyReader first(npy_fixture("f4_1d.npy"));
  NpyReader second = std::move(first);
  EXPECT_EQ(read_all(second).size(), 5u);
  first = NpyReader(npy_fixture("f4_0d.npy"));
  EXPECT_EQ(read_all(first), std::vector<float>{3.5f});
}

TEST(NpyReader, RefusesBrokenFilesNamingThePath) {
  testing::TempDir dir;
  const std::string numpy_file = testing::read_text(npy_fixture("f4_3d.npy"));
  const std::string truncated = (dir / "truncated.npy").string();
  testing::write_bytes(truncated, numpy_file.substr(0, numpy_file.size() - 4));
  expect_error([&] { NpyReader{truncated}; }, ErrorKind::BadInput,
               {truncated + ": ", "truncated", "float32 (2, 3, 4)", "96 bytes", "only 92"});

  const std::string bad_magic = (dir / "bad_magic.npy").string();
  testing::write_bytes(bad_magic, "\x89PNG\r\n\x1a\n" + numpy_file);
  expect_error([&] { NpyReader{bad_magic}; }, ErrorKind::BadInput, {bad_magic + ": ", "bad magic"});

  const std::string empty = (dir / "empty.npy").string();
  testing::write_bytes(empty, "");
  expect_error([&] { NpyReader{empty}; }, ErrorKind::BadInput, {empty + ": ", "empty"});

  const std::string header_only = (dir / "header_only.npy").string();
  testing::write_bytes(header_only, numpy_file.substr(0, 50));
  expect_error([&] { NpyReader{header_only}; }, ErrorKind::BadInput, {header_only + ": ", "inside its .npy header"});

  const std::string missing = (dir / "missing.npy").string();
  expect_error([&] { NpyReader{missing}; }, ErrorKind::BadInput, {missing + ": ", "No such file"});
  expect_error([&] { NpyReader{dir.path().string()}; }, ErrorKind::BadInput, {"not a regular file"});
}

TEST(NpyReader, RefusesWhatItDoesNotSupport) {
  const std::string i8 = npy_fixture("i8.npy");
  expect_error([&] { NpyReader{i8}; }, ErrorKind::BadInput,
               {i8 + ": ", "dtype '<i8' is not supported (float32, float64 or uint8)"});
  const std::string big_endian = npy_fixture("f4_big_endian.npy");
  expect_error([&] { NpyReader{big_endian}; }, ErrorKind::BadInput, {big_endian + ": ", "dtype '>f4'"});
  const std::string fortran = npy_fixture("f4_fortran.npy");
  expect_error([&] { NpyReader{fortran}; }, ErrorKind::BadInput, {fortran + ": ", "Fortran-order"});
}

TEST(ParseNpy, KeepsFloat64PrecisionOrConvertsToFloat) {
  const std::string bytes = testing::read_text(npy_fixture("f8_2x3.npy"));
  const NpyArray array = parse_npy(bytes, "f8");
  EXPECT_EQ(array.shape, (Shape{2, 3}));
  EXPECT_EQ(array.dtype, NpyDtype::Float64);
  for (size_t i = 0; i < array.values.size(); ++i) EXPECT_EQ(array.values[i], static_cast<double>(i) + 0.1);

  const Tensor tensor = parse_npy_tensor(bytes, "f8");
  EXPECT_EQ(tensor.shape, (Shape{2, 3}));
  for (size_t i = 0; i < tensor.values.size(); ++i) {
    EXPECT_EQ(tensor.values[i], static_cast<float>(static_cast<double>(i) + 0.1));
  }
}

TEST(NpyWriter, WritesTheBytesNumpyWrites) {
  testing::TempDir dir;
  const std::string path = (dir / "out.npy").string();
  NpyWriter writer(path, {2, 3});
  const float values[] = {0, 1, 2, 3, 4, 5};
  writer.append(values, 4);
  writer.append(values + 4, 2);
  EXPECT_EQ(writer.written(), 6);
  writer.finish();
  EXPECT_EQ(testing::read_text(path), testing::read_text(npy_fixture("f4_2x3.npy")));
}

TEST(NpyWriter, RoundTripsThroughTheReader) {
  testing::TempDir dir;
  const std::string path = (dir / "round.npy").string();
  std::vector<float> values(3 * 4 * 5);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>(i) * 0.37f - 9.0f;
  {
    NpyWriter writer(path, {3, 4, 5});
    for (size_t i = 0; i < values.size(); i += 20) writer.append(values.data() + i, 20);
    writer.finish();
  }
  const NpyReader reader(path);
  EXPECT_EQ(reader.shape(), (Shape{3, 4, 5}));
  EXPECT_EQ(read_all(reader), values);

  const std::string scalar = (dir / "scalar.npy").string();
  NpyWriter writer(scalar, {});
  const float one = 42.0f;
  writer.append(&one, 1);
  writer.finish();
  EXPECT_EQ(read_all(NpyReader(scalar)), std::vector<float>{42.0f});
}

TEST(NpyWriter, RemovesItsFileWhenNotFinished) {
  testing::TempDir dir;
  const std::string path = (dir / "partial.npy").string();
  {
    NpyWriter writer(path, {4});
    const float values[] = {1, 2};
    writer.append(values, 2);
    EXPECT_TRUE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(NpyWriter, RefusesTheWrongNumberOfValues) {
  testing::TempDir dir;
  const std::string path = (dir / "short.npy").string();
  const float values[] = {1, 2, 3, 4, 5};
  {
    NpyWriter writer(path, {4});
    writer.append(values, 3);
    expect_error([&] { writer.finish(); }, ErrorKind::Internal, {path, "3 of 4"});
  }
  EXPECT_FALSE(fs::exists(path));
  NpyWriter writer(path, {4});
  expect_error([&] { writer.append(values, 5); }, ErrorKind::Internal, {path, "overflows shape (4,)"});
  EXPECT_FALSE(fs::exists(path));
}

TEST(NpyWriter, ReportsAFullDisk) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  // /dev/full accepts open() and fails every write with ENOSPC; stdio may buffer the first
  // writes, so the failure can surface in append() or in finish().
  std::vector<float> values(1 << 16, 1.0f);
  expect_error(
      [&] {
        NpyWriter writer("/dev/full", {static_cast<int64_t>(values.size())});
        writer.append(values.data(), static_cast<int64_t>(values.size()));
        writer.finish();
      },
      ErrorKind::BadInput, {"/dev/full: ", "cannot write: No space left on device"});
  EXPECT_TRUE(fs::exists("/dev/full")) << "a device is never removed as a partial file";
}

TEST(NpyWriter, ReportsAnUnwritableLocation) {
  testing::TempDir dir;
  const std::string path = (dir / "no" / "such" / "dir.npy").string();
  expect_error([&] { NpyWriter(path, {1}); }, ErrorKind::BadInput, {path + ": ", "cannot open for writing"});
  expect_error([&] { NpyWriter((dir / "zero.npy").string(), {0, 3}); }, ErrorKind::BadInput,
               {"non-positive dimension"});
}

}  // namespace
}  // namespace cerebro::io
