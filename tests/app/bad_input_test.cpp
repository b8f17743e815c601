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

TEST_F(BadInput, RecurrentLayerIsRefused) {
  const std::string path = testing::fixture("bad/lstm_tfkeras.h5").string();
  expect_one_line_error(testing::run_cerebro({"summary", path}),
                        {2, path, "layer 'lstm' (LSTM): recurrent layers are not supported yet"});
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

// Keras loaders (tools/make_fixtures_keras3.py made these files).
TEST_F(BadInput, KerasH5WithoutModelConfig) {
  const std::string path = testing::fixture("bad/no_model_config.h5").string();
  expect_one_line_error(testing::run_cerebro({"summary", path}), {2, path, "not a Keras model (no model_config attribute)"});
  const std::string weights = testing::fixture("wo_tfkeras_weights.h5").string();
  expect_one_line_error(testing::run_cerebro({"summary", weights}), {2, weights, "is a weights-only file"});
}

TEST_F(BadInput, ArchitectureWithoutWeights) {
  const std::string path = testing::fixture("wo_arch_tfkeras.json").string();
  expect_one_line_error(testing::run_cerebro({"summary", path}), {2, path, "give its weights with --weights"});
}

TEST_F(BadInput, KerasZipWithoutConfig) {
  const std::string path = testing::fixture("bad/no_config_keras3.keras").string();
  expect_one_line_error(testing::run_cerebro({"summary", path}), {2, path, "without config.json"});
}

TEST_F(BadInput, KerasZipBombIsRefusedByItsDeclaredSize) {
  // model.weights.h5 holds 22 KiB deflated but declares 3e9 bytes: only the header can say so.
  const std::string path = testing::fixture("bad/huge_entry_keras3.keras").string();
  expect_one_line_error(testing::run_cerebro({"summary", path}),
                        {2, path + ": entry 'model.weights.h5'", "declares 3000000000 bytes uncompressed"});
}

TEST_F(BadInput, KerasZipEntryNamesAreNeverPaths) {
  // Entries "../x" and "../config.json" beside the real ones: ignored, nothing written outside --out.
  const std::string path = testing::fixture("dotdot_entry_keras3.keras").string();
  const auto result = testing::run_cerebro({"export", path, "--out", (dir / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "x"));
  EXPECT_FALSE(std::filesystem::exists(dir / "config.json"));
  EXPECT_EQ(testing::run_cerebro({"summary", path}).out,
            testing::run_cerebro({"summary", testing::fixture("custom_names_keras3.keras").string()}).out);
}

TEST_F(BadInput, CyclicFunctionalGraph) {
  const std::string path = testing::fixture("bad/cyclic_keras3.keras").string();
  expect_one_line_error(testing::run_cerebro({"summary", path}),
                        {2, path, "layer 'dense_1' (Dense): its inputs form a cycle"});
}

TEST_F(BadInput, DanglingFunctionalGraph) {
  const std::string path = testing::fixture("bad/dangling_keras3.keras").string();
  expect_one_line_error(testing::run_cerebro({"summary", path}),
                        {2, path, "layer 'dense': its input 'ghost' is not a layer of the model"});
}

TEST_F(BadInput, Keras3WeightsOfTheWrongShape) {
  const std::string weights = testing::fixture("bad/wo_shapes_keras3.weights.h5").string();
  expect_one_line_error(
      testing::run_cerebro({"summary", testing::fixture("wo_arch_keras3.keras").string(), "--weights", weights}),
      {2, weights + ": layer 'mid' (Dense)", "weight 'layers/dense_1/vars/0' has shape (7, 6), the config implies (7, 5)"});
}

TEST_F(BadInput, LegacyWeightsOfTheWrongShape) {
  const std::string weights = testing::fixture("bad/wo_shapes_tfkeras_weights.h5").string();
  expect_one_line_error(
      testing::run_cerebro({"summary", testing::fixture("wo_arch_tfkeras.json").string(), "--weights", weights}),
      {2, weights + ": layer 'core_a' (Dense)", "has shape (7, 3), the config implies (7, 6)"});
}

TEST_F(BadInput, LegacyWeightsWhoseNamesDoNotMatch) {
  const std::string weights = testing::fixture("wo_tfkeras_weights.h5").string();
  expect_one_line_error(
      testing::run_cerebro({"export", testing::fixture("custom_names_keras3.keras").string(), "--weights", weights,
                            "--out", (dir / "out").string()}),
      {2, weights + ": layer 'dense_1' (Dense)", "has no weights in the file (it holds layers: inp, enc, core, dec)"});
}

TEST_F(BadInput, TheanoAndKeras1FilesAreRefused) {
  const std::string theano = testing::fixture("bad/theano_tfkeras.h5").string();
  expect_one_line_error(testing::run_cerebro({"summary", theano}), {2, theano, "Theano backend"});
  const std::string keras1 = testing::fixture("bad/keras1_tfkeras.h5").string();
  expect_one_line_error(testing::run_cerebro({"summary", keras1}), {2, keras1, "Keras 1 files are not supported"});
}

TEST_F(BadInput, SeveralInputsNeedNamedPatterns) {
  const std::string model = testing::fixture("shared_keras3.keras").string();
  expect_one_line_error(
      testing::run_cerebro({"export", model, "--patterns", "random:2", "--out", (dir / "out").string()}),
      {2, "--patterns random:2", "the model's inputs are left, right: give --patterns NAME=SRC for each"});
  expect_one_line_error(
      testing::run_cerebro({"export", model, "--patterns", "left=random:2", "--out", (dir / "out").string()}),
      {2, "--patterns", "no patterns for input 'right'"});
  expect_one_line_error(testing::run_cerebro({"export", model, "--patterns", "left=random:2", "--patterns",
                                              "right=random:3", "--out", (dir / "out").string()}),
                        {2, "--patterns", "input 'right' has 3 patterns, input 'left' has 2"});
}

}  // namespace
}  // namespace cerebro
