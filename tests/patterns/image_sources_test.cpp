// PNG and JPEG pattern sources and folders of them, against the arrays the files were made from
// (PNG) or Pillow's decoding (JPEG), as tools/make_pattern_fixtures.py wrote them.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/log.hpp"
#include "patterns/image_decode.hpp"
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

TEST(PngDecode, EveryColourTypeGivesTheStoredSamples) {
  // file, channels after dropping alpha, bits
  const std::tuple<const char*, int64_t, float> cases[] = {
      {"png/gray8.png", 1, 255.0f},       {"png/rgb8.png", 3, 255.0f},     {"png/rgba8.png", 3, 255.0f},
      {"png/gray_alpha8.png", 1, 255.0f}, {"png/gray16.png", 1, 65535.0f}, {"png/rgb16.png", 3, 65535.0f},
      {"png/palette.png", 3, 255.0f},     {"png/bilevel.png", 1, 255.0f}};
  for (const auto& [name, channels, max] : cases) {
    SCOPED_TRACE(name);
    const DecodedImage image = decode_image(pattern_fixture(name), ImageFormat::Png);
    EXPECT_EQ(image.header.height, 4);
    EXPECT_EQ(image.header.width, 5);
    EXPECT_EQ(image.header.channels, channels);
    EXPECT_EQ(image.header.max, max);
    const io::NpyArray stored = expected_values(name);
    ASSERT_EQ(image.values.size(), stored.values.size());
    for (size_t i = 0; i < stored.values.size(); ++i) ASSERT_EQ(image.values[i], stored.values[i]) << "sample " << i;
  }
}

TEST(PngPatterns, SixteenBitSamplesAreDividedBy65535) {
  auto source = open_patterns(pattern_fixture("png/gray16.png"), Shape{4, 5});
  ASSERT_EQ(source->count(), 1);
  expect_scaled(read_all(*source), expected_values("png/gray16.png"), 65535.0f);
}

TEST(PngPatterns, TruncatedFileIsBadInputNamingIt) {
  const Error error = read_error(pattern_fixture("png/truncated.png"), Shape{4, 5});
  EXPECT_EQ(error.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(error.what(), "truncated.png: not a readable PNG")) << error.what();
}

TEST(JpegDecode, MatchesPillowWithinTwoLevels) {
  // libjpeg-turbo versions may round the inverse DCT and upsampling differently by a level.
  for (const auto& [name, channels] : {std::pair{"jpeg/gray.jpg", int64_t{1}}, std::pair{"jpeg/rgb.jpg", int64_t{3}}}) {
    SCOPED_TRACE(name);
    const DecodedImage image = decode_image(pattern_fixture(name), ImageFormat::Jpeg);
    EXPECT_EQ(image.header.height, 16);
    EXPECT_EQ(image.header.width, 24);
    EXPECT_EQ(image.header.channels, channels);
    const io::NpyArray pillow = expected_values(name);
    ASSERT_EQ(image.values.size(), pillow.values.size());
    double worst = 0;
    for (size_t i = 0; i < image.values.size(); ++i)
      worst = std::max(worst, std::abs(image.values[i] - pillow.values[i]));
    EXPECT_LE(worst, 2.0);
  }
}

TEST(JpegPatterns, CmykIsUnsupportedAndTruncatedIsBadInput) {
  const Error cmyk = error_of([&] { open_patterns(pattern_fixture("jpeg/cmyk.jpg"), Shape{16, 24, 3}); });
  EXPECT_EQ(cmyk.kind(), ErrorKind::Unsupported);
  EXPECT_TRUE(contains(cmyk.what(), "CMYK")) << cmyk.what();
  const Error cut = read_error(pattern_fixture("jpeg/truncated.jpg"), Shape{16, 24, 3});
  EXPECT_EQ(cut.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(cut.what(), "truncated.jpg: not a readable JPEG")) << cut.what();
}

TEST(ImagePatterns, RgbImageIntoGrayModelUsesLuma) {
  auto source = open_patterns(pattern_fixture("png/rgb8.png"), Shape{4, 5, 1});
  const io::NpyArray rgb = expected_values("png/rgb8.png");
  const std::vector<float> values = read_all(*source);
  ASSERT_EQ(values.size(), 20u);
  for (size_t p = 0; p < 20; ++p) {
    const double luma =
        (0.299 * rgb.values[3 * p] + 0.587 * rgb.values[3 * p + 1] + 0.114 * rgb.values[3 * p + 2]) / 255.0;
    ASSERT_NEAR(values[p], luma, 1e-6);
  }
}

TEST(ImagePatterns, WrongSizeNamesBothShapesAndResizeFixesIt) {
  const Error error = error_of([&] { open_patterns(pattern_fixture("png/rgb8.png"), Shape{8, 10, 3}); });
  EXPECT_EQ(error.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(error.what(),
                       "rgb8.png: pattern shape (4, 5, 3) does not fit the model input (8, 10, 3) "
                       "(add --resize"))
      << error.what();
  PatternOptions options;
  options.resize = true;
  auto source = open_patterns(pattern_fixture("png/rgb8.png"), Shape{8, 10, 3}, options);
  EXPECT_EQ(read_all(*source).size(), 240u);
  const Error rank = error_of([&] { open_patterns(pattern_fixture("png/rgb8.png"), Shape{4, 5, 2}, options); });
  EXPECT_TRUE(contains(rank.what(), "pattern shape (4, 5, 3) does not fit the model input (4, 5, 2)")) << rank.what();
}

TEST(FolderPatterns, SortedByNameSkippingOtherFilesWithOneWarning) {
  const int warnings_before = warning_count();
  auto source = open_patterns(pattern_fixture("folder"), Shape{4, 5});
  EXPECT_EQ(warning_count() - warnings_before, 1);
  ASSERT_EQ(source->count(), 3);  // a.png, b.png, c.jpg; notes.txt skipped
  expect_scaled(read_all(*source), expected_values("folder"), 255.0f);
  std::vector<float> one(20);
  source->read(1, 1, one.data());
  EXPECT_EQ(one[0], 20.0f / 255.0f);
}

TEST(FolderPatterns, EmptyOrImagelessFolderIsBadInput) {
  cerebro::testing::TempDir empty;
  const Error none = error_of([&] { open_patterns(empty.path().string(), Shape{4, 5}); });
  EXPECT_EQ(none.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(none.what(), "is an empty folder")) << none.what();
  const Error text = error_of([&] { open_patterns(pattern_fixture("no_images"), Shape{4, 5}); });
  EXPECT_EQ(text.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(text.what(), "holds no PNG or JPEG images (only readme.txt)")) << text.what();
}

TEST(FolderPatterns, AnImageOfAnotherSizeFailsWhenOpenedNamingIt) {
  cerebro::testing::TempDir dir;
  std::filesystem::copy_file(pattern_fixture("folder/a.png"), dir / "1.png");
  std::filesystem::copy_file(pattern_fixture("png/gray16.png"), dir / "2.png");
  std::filesystem::copy_file(pattern_fixture("jpeg/gray.jpg"), dir / "3.jpg");
  const Error error = error_of([&] { open_patterns(dir.path().string(), Shape{4, 5}); });
  EXPECT_EQ(error.kind(), ErrorKind::BadInput);
  EXPECT_TRUE(contains(error.what(), "3.jpg: pattern shape (16, 24, 1) does not fit the model input (4, 5)"))
      << error.what();
}

}  // namespace
}  // namespace cerebro::patterns
