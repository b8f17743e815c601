// Bad model files (rows M* of README.md): one line on stderr naming the file and what is wrong,
// exit code 2, nothing run, nothing written.
#include <gtest/gtest.h>

#include "bad_inputs/bad_input_util.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;
using testing::expect_one_line_error;

class BadModel : public ::testing::Test {
 protected:
  testing::TempDir dir;
  std::string article = testing::fixture("article_tfkeras.h5").string();
  std::string bad(const std::string& name) const { return testing::fixture("bad/" + name).string(); }
  // `cerebro summary MODEL` refuses it: exit code 2, one line naming the file and saying `says`.
  static void expect_summary_refuses(const std::string& model, const std::string& says) {
    SCOPED_TRACE(model);
    expect_one_line_error(testing::run_cerebro({"summary", model}), {2, model, says});
  }
};

TEST_F(BadModel, TruncatedH5) {
  const std::string bytes = testing::read_text(article);
  for (size_t keep : {size_t{4}, size_t{600}, bytes.size() / 2}) {
    SCOPED_TRACE(keep);
    const auto path = dir / ("truncated" + std::to_string(keep) + ".h5");
    testing::write_bytes(path, bytes.substr(0, keep));
    expect_summary_refuses(path.string(), "");
  }
}

TEST_F(BadModel, FileThatMakesLibhdf5LoopForeverIsRefusedInOneLine) {
  // Found by the hdf5 fuzz target (tests/fuzz/README.md): a global heap whose free-space object has
  // size 0 sends libhdf5 1.10.8 into an endless loop reading model_config. The read is rehearsed
  // in a child with a CPU limit (io/isolated_read.hpp), lowered here to keep the test short.
  const std::string path =
      (testing::fixture("") / ".." / "fuzz" / "known" / "hdf5" / "global_heap_infinite_loop.h5").lexically_normal().string();
  ::setenv("CEREBRO_READ_CPU_SECONDS", "2", 1);
  const auto result = testing::run_cerebro({"summary", path});
  ::unsetenv("CEREBRO_READ_CPU_SECONDS");
  expect_one_line_error(result, {2, path, "reading it took more than 2 s of CPU"});
}

TEST_F(BadModel, JsonArchitectureWhoseVersionIsNotTextIsABadInput) {
  // keras_version, module and backend are read as text only when they are text (found while
  // fuzzing: a number there escaped as an internal error).
  const auto path = dir / "model.json";
  testing::write_bytes(path, R"({"class_name": "Sequential", "keras_version": 5, "backend": 7, "config": {"layers": []}})");
  const auto result = testing::run_cerebro({"summary", path.string(), "--weights", article});
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_EQ(result.err.find("internal error"), std::string::npos) << result.err;
}

TEST_F(BadModel, NotHdf5) {
  const auto path = dir / "model.h5";
  testing::write_bytes(path, "this is a text file, not a model\n");
  expect_summary_refuses(path.string(), "not an HDF5 file");
}

TEST_F(BadModel, MissingFile) { expect_summary_refuses((dir / "nope.h5").string(), "no such file"); }

TEST_F(BadModel, KerasH5WithoutModelConfig) {
  const std::string path = bad("no_model_config.h5");
  expect_summary_refuses(path, "not a Keras model (no model_config attribute)");
  const std::string weights = testing::fixture("wo_tfkeras_weights.h5").string();
  expect_summary_refuses(weights, "is a weights-only file");
}

TEST_F(BadModel, ArchitectureWithoutWeights) {
  const std::string path = testing::fixture("wo_arch_tfkeras.json").string();
  expect_summary_refuses(path, "give its weights with --weights");
}

TEST_F(BadModel, WeightShapeDisagreesWithTheConfig) {
  // article_tfkeras.h5 with my_dense's units set to 49 in model_config; its stored kernel is (75, 50).
  const std::string path = bad("weight_shape_tfkeras.h5");
  expect_one_line_error(testing::run_cerebro({"export", path, "--out", (dir / "out").string()}),
                        {2, path + ": layer 'my_dense' (Dense)",
                         "weight 'my_dense/kernel:0' has shape (75, 50), the config implies (75, 49)"});
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST_F(BadModel, UnknownLayerClass) {
  const std::string path = bad("unknown_class_tfkeras.h5");
  expect_summary_refuses(path, "layer 'act_tanh' (FancyLayer): Keras class 'FancyLayer' is not supported");
}

TEST_F(BadModel, UnknownActivationName) {
  const std::string path = bad("unknown_activation_tfkeras.h5");
  expect_summary_refuses(path, "layer 'd2' (Dense): activation 'fancy_act' is not supported");
}

TEST_F(BadModel, LambdaLayerIsRefusedNotRun) {
  // Both generations store the function as marshalled bytecode: refused at load, so no output
  // folder is ever made.
  for (const std::string& path : {bad("lambda_tfkeras.h5"), bad("lambda_keras3.keras")}) {
    SCOPED_TRACE(path);
    expect_one_line_error(testing::run_cerebro({"export", path, "--out", (dir / "out").string()}),
                          {2, path + ": layer 'times_two' (Lambda)", "carries Python code, which cerebro never runs"});
    EXPECT_FALSE(fs::exists(dir / "out"));
  }
}

TEST_F(BadModel, ConfigNamingAPythonCallableIsRefusedNotCalled) {
  // Layer 'probs' says module "os", class "system", with a command in its config.
  const std::string path = bad("os_system_keras3.keras");
  const fs::path marker = "/tmp/cerebro-was-pwned";
  fs::remove(marker);
  expect_one_line_error(testing::run_cerebro({"export", path, "--out", (dir / "out").string()}),
                        {2, path + ": layer 'probs' (system)", "Keras class 'system' is not supported"});
  EXPECT_FALSE(fs::exists(marker));
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST_F(BadModel, RecurrentLayerIsRefused) {
  const std::string path = bad("lstm_tfkeras.h5");
  expect_summary_refuses(path, "layer 'lstm' (LSTM): recurrent layers are not supported yet");
}

TEST_F(BadModel, TheanoAndKeras1FilesAreRefused) {
  const std::string theano = bad("theano_tfkeras.h5");
  expect_summary_refuses(theano, "Theano backend");
  const std::string keras1 = bad("keras1_tfkeras.h5");
  expect_summary_refuses(keras1, "Keras 1 files are not supported");
}

TEST_F(BadModel, KerasZipWithoutConfig) {
  const std::string path = bad("no_config_keras3.keras");
  expect_summary_refuses(path, "without config.json");
}

TEST_F(BadModel, KerasZipBombIsRefusedByItsDeclaredSize) {
  // model.weights.h5 holds 22 KiB deflated but declares 3e9 bytes: only the header can say so.
  const std::string path = bad("huge_entry_keras3.keras");
  const auto result = testing::run_cerebro_limited({"summary", path}, {});
  expect_one_line_error(result, {2, path + ": entry 'model.weights.h5'", "declares 3000000000 bytes uncompressed"});
  EXPECT_LT(result.max_rss_kib, 512 * 1024) << "inflated before refusing?";
}

TEST_F(BadModel, KerasZipEntryNamesAreNeverPaths) {
  // Entries "../x" and "../config.json" beside the real ones: ignored, nothing written outside --out.
  const std::string path = testing::fixture("dotdot_entry_keras3.keras").string();
  const fs::path work = dir / "a" / "b";
  fs::create_directories(work);
  const auto result = testing::run_cerebro({"export", path, "--out", (work / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const fs::path& at :
       {dir / "a" / "x", work / "x", work / "out" / "x", dir / "a" / "config.json", work / "config.json"}) {
    EXPECT_FALSE(fs::exists(at)) << at;
  }
  for (const std::string& entry : testing::tree(dir.path())) {
    EXPECT_TRUE(entry == "a" || entry == "a/b" || entry.rfind("a/b/out", 0) == 0) << entry;
  }
  EXPECT_EQ(testing::run_cerebro({"summary", path}).out,
            testing::run_cerebro({"summary", testing::fixture("custom_names_keras3.keras").string()}).out);
}

TEST_F(BadModel, CyclicFunctionalGraph) {
  const std::string path = bad("cyclic_keras3.keras");
  expect_summary_refuses(path, "layer 'dense_1' (Dense): its inputs form a cycle");
}

TEST_F(BadModel, DanglingFunctionalGraph) {
  const std::string path = bad("dangling_keras3.keras");
  expect_summary_refuses(path, "layer 'dense': its input 'ghost' is not a layer of the model");
}

TEST_F(BadModel, ControlCharactersInNamesAreEscapedInTheOneLine) {
  // Layer "x\ny\e[2J" (a newline and the terminal's clear-screen sequence) of an unknown class.
  const std::string path = bad("control_chars_keras3.keras");
  const auto result = testing::run_cerebro({"summary", path});
  expect_one_line_error(result, {2, path, "layer 'x\\x0ay\\x1b[2J' (NoSuchLayer)"});
  EXPECT_EQ(result.err.find('\x1b'), std::string::npos);
}

TEST_F(BadModel, ControlCharactersInNamesAreEscapedInTheSummary) {
  // A loadable model whose layer "a/b<NUL>c" holds a NUL: the summary table is data on stdout, but
  // printed raw the byte (or an escape sequence) would reach the terminal.
  const auto result = testing::run_cerebro({"summary", bad("evil_names_keras3.keras")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("a/b\\x00c (Dense)"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find('\0'), std::string::npos);
}

TEST_F(BadModel, Keras3WeightsOfTheWrongShape) {
  const std::string weights = bad("wo_shapes_keras3.weights.h5");
  expect_one_line_error(
      testing::run_cerebro({"summary", testing::fixture("wo_arch_keras3.keras").string(), "--weights", weights}),
      {2, weights + ": layer 'mid' (Dense)",
       "weight 'layers/dense_1/vars/0' has shape (7, 6), the config implies (7, 5)"});
}

TEST_F(BadModel, Keras3WeightsOfAnotherArchitecture) {
  // Keras 3 matches .weights.h5 by position: a file saved from another model does not line up.
  const std::string weights = testing::fixture("wo_keras3.weights.h5").string();
  expect_one_line_error(
      testing::run_cerebro({"summary", testing::fixture("custom_names_keras3.keras").string(), "--weights", weights}),
      {2, weights + ": layer 'dense_1' (Dense)", "has shape (9, 7), the config implies (12, 16)"});
}

TEST_F(BadModel, LegacyWeightsOfTheWrongShape) {
  const std::string weights = bad("wo_shapes_tfkeras_weights.h5");
  expect_one_line_error(
      testing::run_cerebro({"summary", testing::fixture("wo_arch_tfkeras.json").string(), "--weights", weights}),
      {2, weights + ": layer 'core_a' (Dense)", "has shape (7, 3), the config implies (7, 6)"});
}

TEST_F(BadModel, LegacyWeightsWhoseNamesDoNotMatch) {
  const std::string weights = testing::fixture("wo_tfkeras_weights.h5").string();
  expect_one_line_error(
      testing::run_cerebro({"export", testing::fixture("custom_names_keras3.keras").string(), "--weights", weights,
                            "--out", (dir / "out").string()}),
      {2, weights + ": layer 'dense_1' (Dense)", "has no weights in the file (it holds layers: inp, enc, core, dec)"});
}

TEST_F(BadModel, CudaBackendWithoutAGpuIsAClearError) {
  // This machine has no usable GPU; a build without CUDA says so, a build with it says why.
  const auto result = testing::run_cerebro({"export", article, "--backend", "cuda", "--out", (dir / "out").string()});
  expect_one_line_error(result, {2, "--backend cuda", ""});
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(BadOptions, MissingUnknownAndOutOfRangeOptionsAreOneLine) {
  const std::string article = testing::fixture("article_tfkeras.h5").string();
  for (const auto& [args, says] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"export"}, "MODEL is required"},
           {{"export", article, "--out", "x", "--batch", "0"}, "--batch: Value 0 not in range 1 to 1048576"},
           {{"export", article, "--out", "x", "--frobnicate"}, "The following argument was not expected: --frobnicate"},
           {{}, "A subcommand is required"},
           {{"capture", article, "--out", "x", "--show", "nope"}, "--show: nope not in {article,maps,all}"}}) {
    expect_one_line_error(testing::run_cerebro(args), {2, "cerebro --help", says});
  }
}

}  // namespace
}  // namespace cerebro
