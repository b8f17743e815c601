// End to end: `cerebro export` of the bundled Fashion-MNIST demo models on real test images (PNG
// files and the same images as a gzipped IDX file) gives every layer's output as Keras computed it
// for the same images divided by 255 (tools/train_demo.py wrote the references); and a real
// black-on-white digit from outside (../shared/fixtures), inverted, through a real MNIST model.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/npy.hpp"
#include "patterns/pattern_test_util.hpp"

namespace cerebro::patterns {
namespace {

using test::pattern_fixture;

std::string demo_model(const std::string& name) {
  return cerebro::testing::fixture("../../assets/models/" + name).lexically_normal().string();
}

// Runs the export and compares every layer of the reference; the tolerance is the fixtures'
// README's: 1e-5 of the layer's largest |value|.
void expect_keras_outputs(const std::vector<std::string>& args, const std::filesystem::path& reference) {
  cerebro::testing::TempDir out;
  std::vector<std::string> command = args;
  command.insert(command.end(), {"--out", out.path().string()});
  const auto result = cerebro::testing::run_cerebro(command);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");  // nothing skipped, nothing resized
  const auto layers = io::read_npz(reference);
  ASSERT_GE(layers.size(), 4u);  // input, hidden layers, output
  for (const auto& [name, expected] : layers) {
    SCOPED_TRACE(name);
    const io::NpyReader actual((out / (name + ".npy")).string());
    ASSERT_EQ(actual.shape(), expected.shape);
    std::vector<float> values(static_cast<size_t>(actual.element_count()));
    actual.read(0, actual.element_count(), values.data());
    EXPECT_LE(cerebro::testing::relative_error(values, expected.values), 1e-5);
  }
}

TEST(FashionExport, MlpOnPngFolderMatchesKeras) {
  expect_keras_outputs({"export", demo_model("fashion_mlp.keras"), "--patterns", pattern_fixture("fashion")},
                       pattern_fixture("fashion_mlp.ref.npz"));
}

TEST(FashionExport, MlpOnGzippedIdxMatchesKeras) {
  expect_keras_outputs(
      {"export", demo_model("fashion_mlp.h5"), "--patterns", pattern_fixture("fashion5-idx3-ubyte.gz"), "--batch", "2"},
      pattern_fixture("fashion_mlp.ref.npz"));
}

TEST(FashionExport, CnnOnFirstImageMatchesKeras) {
  expect_keras_outputs({"export", demo_model("fashion_cnn.keras"), "--patterns",
                        pattern_fixture("fashion5-idx3-ubyte.gz"), "--count", "1"},
                       pattern_fixture("fashion_cnn.ref.npz"));
}

TEST(FashionExport, ConversionOptionsReachTheModel) {
  // Inverting twice is no inversion: --invert with --scale -1/255 and --mean -1 gives x / 255 back
  // ((1 - (-x/255)) - 1 = x / 255), so the outputs are Keras' again.
  expect_keras_outputs({"export", demo_model("fashion_mlp.keras"), "--patterns", pattern_fixture("fashion"), "--invert",
                        "--scale=-0.00392156862745098", "--mean", "1"},
                       pattern_fixture("fashion_mlp.ref.npz"));
}

TEST(DigitExport, InvertedEn10PngThroughItsMnistModelMatchesTheSharedReference) {
  // The shared reference input is "invert (1 - gray/255)" of EN10_test3.png (an RGB file whose
  // channels are equal), and the model predicts 3 for it with p = 0.988.
  const auto shared = [](const std::string& relative) { return cerebro::testing::shared_fixture(relative).string(); };
  expect_keras_outputs(
      {"export", shared("keras/k2.0.4_simple_EN10.h5"), "--patterns", shared("keras/EN10_test3.png"), "--invert"},
      shared("keras/ref/k2.0.4_simple_EN10.h5.npz"));
}

}  // namespace
}  // namespace cerebro::patterns
