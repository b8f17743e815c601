// Where cerebro writes (rows O* of README.md): an --out it cannot use, a disk that fills up, layer
// names that try to leave the folder, a model whose buffers would not fit in memory.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "bad_inputs/bad_input_util.hpp"
#include "io/npy.hpp"
#include "io/npz.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;
using testing::expect_one_line_error;

class BadOutput : public ::testing::Test {
 protected:
  std::vector<std::string> export_args(const fs::path& out, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"export", article, "--out", out.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  static nlohmann::json index_of(const fs::path& out) {
    return nlohmann::json::parse(testing::read_text(out / "layers.json"));
  }

  testing::TempDir dir;
  std::string article = testing::fixture("article_tfkeras.h5").string();
};

TEST_F(BadOutput, ExportOutFolderThatCannotBeMade) {
  // As root every permission check passes, so the folders here are impossible for anyone: under
  // a regular file, a regular file itself, inside /proc.
  testing::write_bytes(dir / "file", "x");
  for (const auto& [out, says] : std::vector<std::pair<fs::path, std::string>>{
           {dir / "file" / "out", "cannot create the output folder: Not a directory"},
           {dir / "file", "cannot create the output folder: a file of that name is in the way"},
           {"/proc/cerebro-bad-input-test", "cannot create the output folder"}}) {
    expect_one_line_error(testing::run_cerebro(export_args(out)), {2, out.string(), says});
  }
  EXPECT_EQ(testing::tree(dir.path()), std::set<std::string>{"file"});
}

TEST_F(BadOutput, ExportWhoseFilesCannotBeWrittenIsMarkedIncomplete) {
  // A folder squats on the name of dense_1's file: the export stops there.
  fs::create_directories(dir / "out" / "dense_1.npy");
  const auto result = testing::run_cerebro(export_args(dir / "out"));
  expect_one_line_error(result, {2, (dir / "out" / "dense_1.npy").string(), "cannot open for writing: Is a directory"});
  const nlohmann::json index = index_of(dir / "out");
  EXPECT_EQ(index["complete"], false);
  EXPECT_NE(index["error"].get<std::string>().find("dense_1.npy: cannot open for writing"), std::string::npos);
  EXPECT_EQ(testing::tree(dir / "out"), (std::set<std::string>{"dense_1.npy", "layers.json"}));
}

TEST_F(BadOutput, ExportIndexThatCannotBeWritten) {
  fs::create_directories(dir / "out" / "layers.json.tmp");
  expect_one_line_error(testing::run_cerebro(export_args(dir / "out")),
                        {2, (dir / "out" / "layers.json").string(), "cannot write: cannot create layers.json.tmp"});
  EXPECT_EQ(testing::tree(dir / "out"), std::set<std::string>{"layers.json.tmp"});  // no layer file touched
}

TEST_F(BadOutput, LinksPlantedInTheFolderDoNotRedirectTheIndex) {
  // Someone who can write in a shared --out plants links to a file outside it under the names
  // layers.json and layers.json.tmp: the index replaces the links, the file outside keeps its bytes.
  testing::write_bytes(dir / "outside.txt", "keep\n");
  fs::create_directories(dir / "out");
  fs::create_symlink("../outside.txt", dir / "out" / "layers.json");
  fs::create_symlink("../outside.txt", dir / "out" / "layers.json.tmp");
  const auto result = testing::run_cerebro(export_args(dir / "out"));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(testing::read_text(dir / "outside.txt"), "keep\n");
  EXPECT_FALSE(fs::is_symlink(dir / "out" / "layers.json"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(dir / "out" / "layers.json.tmp")));
  EXPECT_EQ(index_of(dir / "out")["complete"], true);
}

TEST_F(BadOutput, LinksPlantedUnderLayerFileNamesAreNotFollowed) {
  // The same attack on a layer's file, for both formats: refused in one line, the file outside
  // keeps its bytes, and the index says the export is incomplete.
  testing::write_bytes(dir / "outside.txt", "keep\n");
  for (const std::string format : {"npy", "json"}) {
    const fs::path out = dir / ("out_" + format);
    fs::create_directories(out);
    const fs::path planted = out / ("dense_1." + format);
    fs::create_symlink("../outside.txt", planted);
    expect_one_line_error(testing::run_cerebro(export_args(out, {"--format", format})),
                          {2, planted.string(), "is a symbolic link; refusing to write through it"});
    EXPECT_EQ(testing::read_text(dir / "outside.txt"), "keep\n") << format;
    EXPECT_EQ(index_of(out)["complete"], false) << format;
  }
}

TEST_F(BadOutput, DiskFillingUpDuringExportIsOneLineAndMarkedIncomplete) {
  // Files may not grow past 1 MB (RLIMIT_FSIZE): 200 patterns of dense_1 (50x75 floats) need 3 MB,
  // so the write that crosses 1 MB fails with EFBIG, as a full disk fails with ENOSPC.
  // The first file past 1 MB: dense_1 in float32, input_1 as JSON text (its values print longest).
  for (const auto& [format, first_full] :
       std::vector<std::pair<std::string, std::string>>{{"npy", "dense_1"}, {"json", "input_1"}}) {
    SCOPED_TRACE(format);
    const fs::path out = dir / format;
    const auto args = export_args(out, {"--patterns", "random:200:7", "--batch", "10", "--format", format});
    const auto full = testing::run_cerebro_limited(args, {.max_file_bytes = 1 << 20});
    expect_one_line_error(full, {2, (out / (first_full + "." + format)).string(), "cannot write: File too large"});
    const nlohmann::json index = index_of(out);
    EXPECT_EQ(index["complete"], false);
    EXPECT_NE(index["error"].get<std::string>().find("File too large"), std::string::npos) << index["error"];
    EXPECT_EQ(index["count"], 200);
    // The layer files it was writing are removed: nothing half-written looks like a result.
    EXPECT_EQ(testing::tree(out), std::set<std::string>{"layers.json"});

    // The same export with room to spare: complete, every layer file there.
    const auto room = testing::run_cerebro_limited(args, {});
    ASSERT_EQ(room.exit_code, 0) << room.err;
    EXPECT_EQ(index_of(out)["complete"], true);
    EXPECT_EQ(testing::tree(out).size(), 8u);  // seven layers + layers.json
    EXPECT_GT(fs::file_size(out / ("dense_1." + format)), size_t{3'000'000});
  }
}

TEST_F(BadOutput, LayerNamesNeverLeaveTheExportFolder) {
  // Layers named "../../evil", "/tmp/cerebro-evil/abs", "a/b<NUL>c", "..", "-rf", "con\u00e9 \\*?<>|".
  const fs::path work = dir / "a" / "b";
  fs::create_directories(work);
  const auto result = testing::run_cerebro(
      {"export", testing::fixture("bad/evil_names_keras3.keras").string(), "--out", (work / "out").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(fs::exists("/tmp/cerebro-evil"));
  const std::set<std::string> everything = testing::tree(dir.path());
  const std::set<std::string> files = testing::tree(work / "out");
  EXPECT_EQ(everything.size(), 3 + files.size());  // a, a/b, a/b/out and what is in it
  EXPECT_EQ(files.size(), 7u);
  const std::regex safe("[A-Za-z0-9_][A-Za-z0-9._-]*\\.npy|layers\\.json");
  for (const std::string& file : files) EXPECT_TRUE(std::regex_match(file, safe)) << file;
  // layers.json keeps every real name and points at a file that is there.
  std::set<std::string> names;
  const nlohmann::json index = index_of(work / "out");
  for (const auto& entry : index["layers"]) {
    names.insert(entry["layer"].get<std::string>());
    EXPECT_TRUE(files.count(entry["file"].get<std::string>())) << entry["file"];
  }
  EXPECT_EQ(names, (std::set<std::string>{"../../evil", "/tmp/cerebro-evil/abs", std::string("a/b\0c", 5), "..", "-rf",
                                          "con\u00e9 \\*?<>|"}));
}

void flatten(const nlohmann::json& value, std::vector<float>& into) {
  if (!value.is_array()) {
    into.push_back(value.get<float>());
    return;
  }
  for (const auto& item : value) flatten(item, into);
}

TEST_F(BadOutput, LayerNamesThatCollideGetFilesOfTheirOwn) {
  // custom_names_keras3.keras with its layers renamed "x y", "x_y", "x_y_2" (all sanitise towards
  // "x_y"), "layers" (as JSON: the index's own name), "layers.json" and "LAYERS". Each file must hold
  // its own layer's values: Keras' outputs of the original model, keyed by the original names.
  const std::map<std::string, std::string> original{{"x y", "pixels"},           {"x_y", "dense_1"},
                                                    {"x_y_2", "dense"},          {"layers", "drop"},
                                                    {"layers.json", "my_dense"}, {"LAYERS", "probs"}};
  const auto keras = io::read_npz(testing::fixture("ref/custom_names_keras3.keras.npz"));
  const std::string patterns = testing::fixture("ref/custom_names_keras3.keras.input.npy").string();
  for (const std::string format : {"json", "npy"}) {
    SCOPED_TRACE(format);
    const fs::path out = dir / format;
    const auto result = testing::run_cerebro({"export", testing::fixture("bad/colliding_names_keras3.keras").string(),
                                              "--patterns", patterns, "--format", format, "--out", out.string()});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const nlohmann::json index = index_of(out);
    EXPECT_EQ(index["complete"], true);
    std::set<std::string> files;
    for (const auto& entry : index["layers"]) {
      const std::string layer = entry["layer"];
      const std::string file = entry["file"];
      EXPECT_TRUE(files.insert(file).second) << file;
      std::vector<float> values;
      if (format == "json") {
        flatten(nlohmann::json::parse(testing::read_text(out / file)), values);
      } else {
        const io::NpyReader reader((out / file).string());
        values.resize(static_cast<size_t>(reader.element_count()));
        reader.read(0, reader.element_count(), values.data());
      }
      EXPECT_LE(testing::relative_error(values, keras.at(original.at(layer)).values), 1e-5) << layer << " in " << file;
    }
    EXPECT_EQ(files, (std::set<std::string>{"x_y." + format, "x_y_2." + format, "x_y_2_2." + format,
                                            format == "json" ? "layers_2.json" : "layers.npy", "layers.json." + format,
                                            "LAYERS." + format}));
    EXPECT_EQ(testing::tree(out).size(), 7u);
  }
}

TEST_F(BadOutput, BuffersBeyondMemoryAreRefusedBeforeAllocating) {
  // Twenty UpSampling2D layers of 128000 x 128000 floats (61 GiB each, 1.2 TiB in all) on a 4x4 input.
  const std::string model = testing::fixture("bad/huge_buffers_keras3.keras").string();
  const auto result = testing::run_cerebro_limited({"export", model, "--out", (dir / "out").string()}, {});
  expect_one_line_error(result, {2, model + ": layer 'up0' (UpSampling2D)",
                                 "output (None, 128000, 128000, 1): the layer outputs for 1 pattern need 1.2 TiB "
                                 "(61.0 GiB for this layer), more than the "});
  EXPECT_NE(result.err.find("of memory available"), std::string::npos);
  EXPECT_NE(result.err.find("refused before allocating"), std::string::npos);
  EXPECT_LT(result.max_rss_kib, 512 * 1024);
  EXPECT_FALSE(fs::exists(dir / "out"));
}

}  // namespace
}  // namespace cerebro
