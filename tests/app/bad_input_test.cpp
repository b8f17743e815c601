// Bad input: one line on stderr naming the file and what is wrong, exit code 2, never a crash.
#include <gtest/gtest.h>

#include "io/npy.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

struct Expectation {
  int exit_code = 2;
  std::string mentions;  // the file (or option) the message must name
  std::string says;      // what is wrong
};

void expect_one_line_error(const testing::CommandResult& result, const Expectation& e) {
  EXPECT_EQ(result.exit_code, e.exit_code) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_NE(result.err.find(e.mentions), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(e.says), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
}

class BadInput : public ::testing::Test {
 protected:
  testing::TempDir dir;
  std::string article = testing::fixture("article_tfkeras.h5").string();
};

TEST_F(BadInput, TruncatedH5) {
  const std::string bytes = testing::read_text(article);
  for (size_t keep : {size_t{4}, size_t{600}, bytes.size() / 2}) {
    SCOPED_TRACE(keep);
    const auto path = dir / ("truncated" + std::to_string(keep) + ".h5");
    testing::write_bytes(path, bytes.substr(0, keep));
    expect_one_line_error(testing::run_cerebro({"summary", path.string()}), {2, path.string(), ""});
  }
}

TEST_F(BadInput, NotHdf5) {
  const auto path = dir / "model.h5";
  testing::write_bytes(path, "this is a text file, not a model\n");
  expect_one_line_error(testing::run_cerebro({"summary", path.string()}), {2, path.string(), "not an HDF5 file"});
}

TEST_F(BadInput, MissingFile) {
  expect_one_line_error(testing::run_cerebro({"summary", (dir / "nope.h5").string()}),
                        {2, (dir / "nope.h5").string(), "no such file"});
}

TEST_F(BadInput, UnknownLayerClass) {
  const std::string path = testing::fixture("bad/unknown_class_tfkeras.h5").string();
  expect_one_line_error(testing::run_cerebro({"summary", path}),
                        {2, path, "layer 'act_tanh' (FancyLayer): Keras class 'FancyLayer' is not supported"});
}

TEST_F(BadInput, LambdaLayerIsRefusedNotRun) {
  const std::string path = testing::fixture("bad/lambda_tfkeras.h5").string();
  expect_one_line_error(testing::run_cerebro({"summary", path}),
                        {2, path, "layer 'times_two' (Lambda): carries Python code, which cerebro never runs"});
}

TEST_F(BadInput, PatternOfTheWrongShape) {
  const auto path = dir / "wrong.npy";
  io::NpyWriter writer(path.string(), {2, 28, 28});
  std::vector<float> zeros(2 * 28 * 28, 0.0f);
  writer.append(zeros.data(), static_cast<int64_t>(zeros.size()));
  writer.finish();
  expect_one_line_error(
      testing::run_cerebro({"export", article, "--patterns", path.string(), "--out", (dir / "out").string()}),
      {2, path.string(), "pattern shape (2, 28, 28) does not fit the model input (50, 50)"});
}

TEST_F(BadInput, UnsupportedNpyDtype) {
  // An int64 array as NumPy writes it: a v1.0 header padded to a multiple of 64 bytes, then the values.
  std::string header = "{'descr': '<i8', 'fortran_order': False, 'shape': (50, 50), }";
  const size_t padded = (10 + header.size() + 1 + 63) / 64 * 64;
  header.append(padded - 10 - header.size() - 1, ' ');
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(header.size()) + '\0' + header;
  bytes.append(50 * 50 * 8, '\0');
  const auto path = dir / "ints.npy";
  testing::write_bytes(path, bytes);
  expect_one_line_error(
      testing::run_cerebro({"export", article, "--patterns", path.string(), "--out", (dir / "out").string()}),
      {2, path.string(), "'<i8'"});
}

TEST_F(BadInput, BadRandomSpec) {
  expect_one_line_error(
      testing::run_cerebro({"export", article, "--patterns", "random:many", "--out", (dir / "out").string()}),
      {2, "random:many", "random[:N[:SEED]]"});
}

TEST_F(BadInput, CudaBackendWithoutCudaIsAClearError) {
  const auto result =
      testing::run_cerebro({"export", article, "--backend", "cuda", "--out", (dir / "out").string()});
  expect_one_line_error(result, {2, "--backend cuda", ""});
}

}  // namespace
}  // namespace cerebro
