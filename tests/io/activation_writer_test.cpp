// Activation export: .npy read back with NpyReader, JSON read back with nlohmann::json.
#include "io/activation_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>

#include "io/io_test_util.hpp"
#include "io/npy.hpp"
#include "support/test_support.hpp"

namespace cerebro::io {
namespace {

namespace fs = std::filesystem;
using test::expect_error;

std::vector<float> sample_values(size_t n) {
  std::vector<float> values(n);
  for (size_t i = 0; i < n; ++i) values[i] = std::sin(static_cast<float>(i) * 1.7f) * 100.0f;
  return values;
}

// Flattens nested JSON lists in C order, checking each level has the expected length.
void flatten(const nlohmann::json& node, const Shape& shape, size_t axis, std::vector<float>& out) {
  if (axis == shape.size()) {
    ASSERT_TRUE(node.is_number()) << node.dump();
    out.push_back(static_cast<float>(node.get<double>()));
    return;
  }
  ASSERT_TRUE(node.is_array()) << node.dump();
  ASSERT_EQ(node.size(), static_cast<size_t>(shape[axis]));
  for (const auto& child : node) flatten(child, shape, axis + 1, out);
}

TEST(ExportFormat, ParsesNamesAndRefusesOthers) {
  EXPECT_EQ(parse_export_format("npy"), ExportFormat::Npy);
  EXPECT_EQ(parse_export_format("json"), ExportFormat::Json);
  EXPECT_EQ(export_extension(ExportFormat::Npy), ".npy");
  EXPECT_EQ(export_extension(ExportFormat::Json), ".json");
  expect_error([] { parse_export_format("xml"); }, ErrorKind::BadInput, {"'xml'", "npy, json"});
  expect_error([] { parse_export_format("NPY "); }, ErrorKind::BadInput, {"'NPY '"});
}

TEST(ActivationWriter, WritesNpyWithTheBatchAxis) {
  testing::TempDir dir;
  const fs::path path = dir / "dense.npy";
  const std::vector<float> values = sample_values(4 * 2 * 3);
  ActivationWriter writer(path, ExportFormat::Npy, {2, 3}, 4);
  writer.append(values.data(), 3);
  writer.append(values.data() + 18, 1);
  EXPECT_EQ(writer.patterns_written(), 4);
  writer.finish();

  const NpyReader reader(path.string());
  EXPECT_EQ(reader.shape(), (Shape{4, 2, 3}));
  std::vector<float> back(values.size());
  reader.read(0, reader.element_count(), back.data());
  EXPECT_EQ(back, values);
}

TEST(ActivationWriter, WritesJsonNestedListsThatReadBackExactly) {
  testing::TempDir dir;
  const fs::path path = dir / "conv.json";
  const Shape pattern{2, 2, 3};
  std::vector<float> values = sample_values(3 * 12);
  // Values whose shortest spelling matters: tiny, huge, denormal, negative zero, not-quite-0.1.
  values[0] = 0.1f;
  values[1] = 1e-7f;
  values[2] = -3.4028235e38f;
  values[3] = std::numeric_limits<float>::denorm_min();
  values[4] = -0.0f;
  values[5] = std::nextafter(0.1f, 1.0f);
  values[6] = 16777217.0f;
  ActivationWriter writer(path, ExportFormat::Json, pattern, 3);
  writer.append(values.data(), 1);
  writer.append(values.data() + 12, 2);
  writer.finish();
  EXPECT_EQ(writer.non_finite_count(), 0);

  const nlohmann::json parsed = nlohmann::json::parse(testing::read_text(path));
  std::vector<float> back;
  flatten(parsed, {3, 2, 2, 3}, 0, back);
  ASSERT_EQ(back.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(back[i], values[i]) << i;
  EXPECT_TRUE(std::signbit(back[4]));
}

TEST(ActivationWriter, WritesScalarPatternsAsOneList) {
  testing::TempDir dir;
  const fs::path path = dir / "score.json";
  ActivationWriter writer(path, ExportFormat::Json, {}, 3);
  const float values[] = {1.5f, -2.0f, 0.25f};
  writer.append(values, 3);
  writer.finish();
  EXPECT_EQ(nlohmann::json::parse(testing::read_text(path)), nlohmann::json({1.5, -2.0, 0.25}));
}

TEST(ActivationWriter, WritesNonFiniteValuesAsNullAndCountsThem) {
  testing::TempDir dir;
  const fs::path path = dir / "nan.json";
  ActivationWriter writer(path, ExportFormat::Json, {4}, 1);
  const float values[] = {1.0f, std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity()};
  writer.append(values, 1);
  writer.finish();
  EXPECT_EQ(writer.non_finite_count(), 3);
  EXPECT_EQ(nlohmann::json::parse(testing::read_text(path)), nlohmann::json::parse("[[1, null, null, null]]"));
}

TEST(ActivationWriter, RemovesItsFileWhenNotFinished) {
  testing::TempDir dir;
  for (ExportFormat format : {ExportFormat::Npy, ExportFormat::Json}) {
    const fs::path path = dir / "partial";
    {
      ActivationWriter writer(path, format, {2}, 2);
      const float values[] = {1, 2};
      writer.append(values, 1);
    }
    EXPECT_FALSE(fs::exists(path));
    {
      ActivationWriter writer(path, format, {2}, 2);
      const float values[] = {1, 2};
      writer.append(values, 1);
      expect_error([&] { writer.finish(); }, ErrorKind::Internal, {"1 of 2 patterns"});
    }
    EXPECT_FALSE(fs::exists(path));
  }
}

TEST(ActivationWriter, ReportsAFullDisk) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  const std::vector<float> values = sample_values(1000);
  for (ExportFormat format : {ExportFormat::Npy, ExportFormat::Json}) {
    expect_error(
        [&] {
          ActivationWriter writer("/dev/full", format, {10}, 100);
          writer.append(values.data(), 100);
          writer.finish();
        },
        ErrorKind::BadInput, {"/dev/full: ", "No space left on device"});
  }
  EXPECT_TRUE(fs::exists("/dev/full"));
}

TEST(ActivationWriter, RefusesEmptyExports) {
  testing::TempDir dir;
  expect_error([&] { ActivationWriter(dir / "x.npy", ExportFormat::Npy, {3}, 0); }, ErrorKind::BadInput,
               {"non-positive dimension"});
}

TEST(SafeFileStem, MapsLayerNamesToHarmlessStems) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"dense_1", "dense_1"},
      {"conv2d/BiasAdd:0", "conv2d_BiasAdd_0"},
      {"my layer", "my_layer"},
      {"../../etc/passwd", "_._.._etc_passwd"},
      {"..", "_."},
      {".", "_"},
      {".hidden", "_hidden"},
      {"-rf", "_rf"},
      {"", "layer"},
      {"a\\b", "a_b"},
      {"caf\xc3\xa9", "caf__"},
      {"Block-3.out", "Block-3.out"},
  };
  for (const auto& [name, stem] : cases) EXPECT_EQ(safe_file_stem(name), stem) << name;
  EXPECT_EQ(safe_file_stem(std::string(300, 'x')).size(), 200u);
}

}  // namespace
}  // namespace cerebro::io
