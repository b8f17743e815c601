// Bad pattern sources (rows P* of README.md), given to `cerebro export` with the article model
// (input (50, 50)): one line naming the file, exit code 2, no output folder.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bad_inputs/bad_input_util.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;
using testing::expect_one_line_error;

class BadPatterns : public ::testing::Test {
 protected:
  testing::CommandResult export_patterns(const std::string& patterns, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"export",     testing::fixture("article_tfkeras.h5").string(),
                                  "--patterns", patterns,
                                  "--out",      (dir / "out").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_cerebro(args);
  }

  // A .npy with this header dict, as NumPy lays it out: v1.0, padded to 64 bytes, then `data`.
  void write_npy_with_header(const fs::path& path, std::string header, size_t data_bytes) {
    const size_t padded = (10 + header.size() + 1 + 63) / 64 * 64;
    header.append(padded - 10 - header.size() - 1, ' ');
    header += '\n';
    std::string bytes = std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(header.size()) + '\0' + header;
    bytes.append(data_bytes, '\0');
    testing::write_bytes(path, bytes);
  }

  testing::TempDir dir;
};

TEST_F(BadPatterns, NpyWithABadHeader) {
  const auto path = dir / "bad_header.npy";
  write_npy_with_header(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (50, 50, }", 50 * 50 * 4);
  expect_one_line_error(export_patterns(path.string()), {2, path.string(), "malformed .npy header"});
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST_F(BadPatterns, NpyOfAnUnsupportedDtype) {
  const auto path = dir / "ints.npy";
  write_npy_with_header(path, "{'descr': '<i8', 'fortran_order': False, 'shape': (50, 50), }", 50 * 50 * 8);
  expect_one_line_error(export_patterns(path.string()), {2, path.string(), "'<i8'"});
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST_F(BadPatterns, NpyInFortranOrder) {
  const auto path = dir / "fortran.npy";
  write_npy_with_header(path, "{'descr': '<f4', 'fortran_order': True, 'shape': (50, 50), }", 50 * 50 * 4);
  expect_one_line_error(export_patterns(path.string()),
                        {2, path.string(), "Fortran-order (column-major) arrays are not supported"});
}

TEST_F(BadPatterns, NpyShorterThanItsShape) {
  const auto path = dir / "short.npy";
  write_npy_with_header(path, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 50, 50), }", 2 * 50 * 50 * 4);
  expect_one_line_error(export_patterns(path.string()), {2, path.string(), "truncated"});
}

TEST_F(BadPatterns, NpyOfTheWrongShape) {
  const auto path = dir / "wrong.npy";
  testing::write_npy(path, {2, 28, 28}, std::vector<float>(2 * 28 * 28, 0.0f));
  expect_one_line_error(export_patterns(path.string()),
                        {2, path.string(), "pattern shape (2, 28, 28) does not fit the model input (50, 50)"});
}

TEST_F(BadPatterns, IdxWithAWrongMagicNumber) {
  for (const char* name : {"idx/bad-magic-idx3-ubyte", "idx/bad-type-idx3-ubyte"}) {
    const std::string path = testing::fixture(std::string("patterns/") + name).string();
    expect_one_line_error(export_patterns(path), {2, path, "not an IDX file: magic number"});
  }
}

TEST_F(BadPatterns, IdxWithShortData) {
  // Header (3, 4, 5), 50 of the 60 value bytes; raw and gzipped.
  for (const char* name : {"idx/short-idx3-ubyte", "idx/short-idx3-ubyte.gz"}) {
    const std::string path = testing::fixture(std::string("patterns/") + name).string();
    expect_one_line_error(
        export_patterns(path),
        {2, path, "file is truncated: its header says uint8 (3, 4, 5) (60 bytes of values) but only 50"});
  }
}

TEST_F(BadPatterns, EmptyImageFolder) {
  fs::create_directories(dir / "empty");
  expect_one_line_error(export_patterns((dir / "empty").string()), {2, (dir / "empty").string(), "is an empty folder"});
}

TEST_F(BadPatterns, FolderWithoutImages) {
  const std::string path = testing::fixture("patterns/no_images").string();
  expect_one_line_error(export_patterns(path), {2, path, "holds no PNG or JPEG images (only readme.txt)"});
}

TEST_F(BadPatterns, NonImageFilesInAFolderAreSkippedWithOneWarning) {
  // A text file named like a PNG beside a real one: recognised by its bytes, skipped, named once.
  fs::create_directories(dir / "mixed");
  fs::copy_file(testing::fixture("patterns/png/gray8.png"), dir / "mixed" / "a.png");
  testing::write_bytes(dir / "mixed" / "x.png", "not an image\n");
  const auto result = export_patterns((dir / "mixed").string(), {"--resize"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("warning: " + (dir / "mixed").string() +
                            ": skipped 1 entry that is not a PNG or JPEG image: x.png"),
            std::string::npos)
      << result.err;
  const auto index = nlohmann::json::parse(testing::read_text(dir / "out" / "layers.json"));
  EXPECT_EQ(index["count"], 1);
  EXPECT_EQ(index["complete"], true);
}

TEST_F(BadPatterns, TruncatedPng) {
  // --resize makes the 4x5 image fit, so the decoder reaches the cut (its notice line comes first).
  // PNGs are decoded as they are read, after the export began: layers.json says it stopped.
  const std::string path = testing::fixture("patterns/png/truncated.png").string();
  const auto result = export_patterns(path, {"--resize"});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 2) << result.err;
  const std::string last = result.err.substr(result.err.rfind('\n', result.err.size() - 2) + 1);
  EXPECT_EQ(last, "cerebro: " + path + ": not a readable PNG: Read Error\n") << result.err;
  const auto index = nlohmann::json::parse(testing::read_text(dir / "out" / "layers.json"));
  EXPECT_EQ(index["complete"], false);
  EXPECT_EQ(index["error"], path + ": not a readable PNG: Read Error");
  EXPECT_EQ(testing::tree(dir / "out"), std::set<std::string>{"layers.json"});
}

TEST_F(BadPatterns, TruncatedJpeg) {
  // The JPEG's cut shows when its header is read, before anything is written.
  const std::string path = testing::fixture("patterns/jpeg/truncated.jpg").string();
  expect_one_line_error(export_patterns(path, {"--resize"}),
                        {2, path, "not a readable JPEG: Premature end of JPEG file"});
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST_F(BadPatterns, MalformedRandomSpec) {
  expect_one_line_error(export_patterns("random:many"), {2, "random:many", "random[:N[:SEED]]"});
}

TEST_F(BadPatterns, SeveralInputsNeedNamedPatterns) {
  const std::string model = testing::fixture("shared_keras3.keras").string();
  const std::string out = (dir / "out").string();
  expect_one_line_error(
      testing::run_cerebro({"export", model, "--patterns", "random:2", "--out", out}),
      {2, "--patterns random:2", "the model's inputs are left, right: give --patterns NAME=SRC for each"});
  expect_one_line_error(testing::run_cerebro({"export", model, "--patterns", "left=random:2", "--out", out}),
                        {2, "--patterns", "no patterns for input 'right'"});
  expect_one_line_error(testing::run_cerebro({"export", model, "--patterns", "left=random:2", "--patterns",
                                              "right=random:3", "--out", out}),
                        {2, "--patterns", "input 'right' has 3 patterns, input 'left' has 2"});
}

}  // namespace
}  // namespace cerebro
