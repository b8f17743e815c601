// Array-backed pattern sources (IDX plain and gzipped, .npz stored and deflated, gzipped .npy)
// against files written by NumPy and Python's gzip/zipfile (tools/make_pattern_fixtures.py).
#include <gtest/gtest.h>

#include "patterns/pattern_test_util.hpp"

namespace cerebro::patterns {
namespace {

using test::contains;
using test::error_of;
using test::expect_scaled;
using test::expected_values;
using test::pattern_fixture;
using test::read_all;
using test::read_error;

// uint8 data is divided by 255 by default.
TEST(IdxPatterns, RawAndGzippedImagesGiveTheStoredPixelsOver255) {
  const io::NpyArray stored = expected_values("idx/images-idx3-ubyte");
  for (const char* name : {"idx/images-idx3-ubyte", "idx/images-idx3-ubyte.gz"}) {
    SCOPED_TRACE(name);
    auto source = open_patterns(pattern_fixture(name), Shape{4, 5});
    ASSERT_EQ(source->count(), 3);
    expect_scaled(read_all(*source), stored, 255.0f);
  }
}

TEST(IdxPatterns, GzippedFileReadsBackwardAndForward) {
  const io::NpyArray stored = expected_values("idx/images-idx3-ubyte");
  auto source = open_patterns(pattern_fixture("idx/images-idx3-ubyte.gz"), Shape{4, 5});
  std::vector<float> pattern(20);
  for (int64_t index : {2, 0, 1, 2, 1}) {
    source->read(index, 1, pattern.data());
    for (size_t i = 0; i < 20; ++i) {
      ASSERT_EQ(pattern[i], static_cast<float>(stored.values[static_cast<size_t>(index) * 20 + i]) / 255.0f);
    }
  }
}

TEST(IdxPatterns, BigEndianFloatsAndShortsAreTakenAsStored) {
  for (const char* name : {"idx/floats.idx", "idx/shorts.idx"}) {
    SCOPED_TRACE(name);
    const io::NpyArray stored = expected_values(name);
    const Shape pattern(stored.shape.begin() + 1, stored.shape.end());
    auto source = open_patterns(pattern_fixture(name), pattern);
    ASSERT_EQ(source->count(), stored.shape[0]);
    expect_scaled(read_all(*source), stored, 1.0f);
  }
}

TEST(IdxPatterns, LabelsAreOnePatternOfTheirLength) {
  auto source = open_patterns(pattern_fixture("idx/labels-idx1-ubyte"), Shape{5});
  ASSERT_EQ(source->count(), 1);
  expect_scaled(read_all(*source), expected_values("idx/labels-idx1-ubyte"), 255.0f);
}

TEST(IdxPatterns, WrongMagicNumbersAreBadInput) {
  for (const char* name : {"idx/bad-type-idx3-ubyte", "idx/bad-magic-idx3-ubyte"}) {
    SCOPED_TRACE(name);
    const Error error = error_of([&] { open_patterns(pattern_fixture(name), Shape{4, 5}); });
    EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    EXPECT_TRUE(contains(error.what(), "not an IDX file: magic number 0x")) << error.what();
    EXPECT_TRUE(contains(error.what(), name)) << error.what();
  }
}

TEST(IdxPatterns, ShortDataIsBadInputWhenOpened) {
  for (const char* name : {"idx/short-idx3-ubyte", "idx/short-idx3-ubyte.gz"}) {
    SCOPED_TRACE(name);
    const Error error = error_of([&] { open_patterns(pattern_fixture(name), Shape{4, 5}); });
    EXPECT_EQ(error.kind(), ErrorKind::BadInput);
    EXPECT_TRUE(contains(error.what(),
                         "file is truncated: its header says uint8 (3, 4, 5) (60 bytes of values) "
                         "but only 50 bytes follow the header"))
        << error.what();
  }
}

TEST(IdxPatterns, CutGzipStreamFailsAtTheLatestWhenRead) {
  const Error error = read_error(pattern_fixture("idx/cut-idx3-ubyte.gz"), Shape{16, 16});
  EXPECT_EQ(error.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(error.what(), "cut-idx3-ubyte.gz")) << error.what();
}

TEST(NpzPatterns, NamedArrayOfAStoredArchive) {
  auto images = open_patterns(pattern_fixture("npz/stored.npz") + ":images", Shape{6, 5});
  ASSERT_EQ(images->count(), 4);
  const io::NpyArray stored_images = expected_values("npz/stored.npz:images");
  expect_scaled(read_all(*images), stored_images, 255.0f);
  EXPECT_EQ(images->describe(), pattern_fixture("npz/stored.npz") + ":images");
  std::vector<float> first(30);
  images->read(0, 1, first.data());  // backward after reading to the end: a seek in a stored entry
  for (size_t i = 0; i < first.size(); ++i) ASSERT_EQ(first[i], static_cast<float>(stored_images.values[i]) / 255.0f);

  auto labels = open_patterns(pattern_fixture("npz/stored.npz") + ":labels.npy", Shape{});
  ASSERT_EQ(labels->count(), 4);
  expect_scaled(read_all(*labels), expected_values("npz/stored.npz:labels"), 1.0f);
}

TEST(NpzPatterns, OnlyArrayOfADeflatedArchiveReadsInAnyOrder) {
  const io::NpyArray stored = expected_values("npz/deflated.npz");
  auto source = open_patterns(pattern_fixture("npz/deflated.npz"), Shape{40, 40});
  ASSERT_EQ(source->count(), 5);
  std::vector<float> pattern(1600);
  for (int64_t index : {4, 0, 3, 3, 1}) {
    source->read(index, 1, pattern.data());
    for (size_t i = 0; i < pattern.size(); ++i) {
      ASSERT_EQ(pattern[i], static_cast<float>(stored.values[static_cast<size_t>(index) * 1600 + i]));
    }
  }
}

TEST(NpzPatterns, SeveralArraysWithoutANameOrAnUnknownNameAreBadInput) {
  const Error several = error_of([&] { open_patterns(pattern_fixture("npz/stored.npz"), Shape{6, 5}); });
  EXPECT_EQ(several.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(several.what(), "holds 2 arrays (images, labels): name one as")) << several.what();
  const Error unknown = error_of([&] { open_patterns(pattern_fixture("npz/stored.npz") + ":nope", Shape{6, 5}); });
  EXPECT_EQ(unknown.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(unknown.what(), "stored.npz:nope")) << unknown.what();
}

TEST(NpyPatterns, GzippedNpyIsStreamed) {
  const io::NpyArray stored = expected_values("npz/x.npy.gz");
  auto source = open_patterns(pattern_fixture("npz/x.npy.gz"), Shape{40, 40});
  ASSERT_EQ(source->count(), 2);
  expect_scaled(read_all(*source), stored, 1.0f);
}

TEST(ArrayPatterns, MismatchNamesBothShapesAndSuggestsResizeForImages) {
  const Error error = error_of([&] { open_patterns(pattern_fixture("idx/images-idx3-ubyte"), Shape{28, 28}); });
  EXPECT_EQ(error.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(error.what(), "pattern shape (3, 4, 5) does not fit the model input (28, 28) (add --resize"))
      << error.what();
  const Error flat = error_of([&] { open_patterns(pattern_fixture("idx/images-idx3-ubyte"), Shape{7}); });
  EXPECT_TRUE(
      contains(flat.what(), "pattern shape (3, 4, 5) does not fit the model input (7,) (expected (7,) or (N, 7))"))
      << flat.what();
}

TEST(ArrayPatterns, GrayImagesFitChannelInputsAndFlatInputs) {
  const io::NpyArray stored = expected_values("idx/images-idx3-ubyte");
  for (const Shape& input : {Shape{4, 5, 1}, Shape{20}}) {
    auto source = open_patterns(pattern_fixture("idx/images-idx3-ubyte.gz"), input);
    ASSERT_EQ(source->count(), 3);
    expect_scaled(read_all(*source), stored, 255.0f);
  }
  auto rgb = open_patterns(pattern_fixture("idx/images-idx3-ubyte.gz"), Shape{4, 5, 3});
  const std::vector<float> values = read_all(*rgb);
  for (size_t i = 0; i < values.size(); ++i) ASSERT_EQ(values[i], static_cast<float>(stored.values[i / 3]) / 255.0f);
}

TEST(ArrayPatterns, FirstAndCountSelectAWindow) {
  PatternOptions options;
  options.first = 1;
  options.count = 5;  // more than remain: the window ends with the data
  auto source = open_patterns(pattern_fixture("idx/images-idx3-ubyte"), Shape{4, 5}, options);
  ASSERT_EQ(source->count(), 2);
  const io::NpyArray stored = expected_values("idx/images-idx3-ubyte");
  const std::vector<float> values = read_all(*source);
  for (size_t i = 0; i < values.size(); ++i) ASSERT_EQ(values[i], static_cast<float>(stored.values[20 + i]) / 255.0f);
  options.first = 3;
  const Error past = error_of([&] { open_patterns(pattern_fixture("idx/images-idx3-ubyte"), Shape{4, 5}, options); });
  EXPECT_EQ(past.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(past.what(), "--first: 3 is past the last pattern")) << past.what();
}

TEST(ArrayPatterns, UnknownFileTypeIsUnsupported) {
  const Error error = error_of([&] { open_patterns(pattern_fixture("folder/notes.txt"), Shape{4, 5}); });
  EXPECT_EQ(error.kind(), ErrorKind::Unsupported);
  EXPECT_TRUE(contains(error.what(), "unknown pattern file type")) << error.what();
}

}  // namespace
}  // namespace cerebro::patterns
