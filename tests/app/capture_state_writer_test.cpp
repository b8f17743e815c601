// capture.json streamed page by page must read back as the document built whole in memory.
#include "app/capture_state_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "support/test_support.hpp"

namespace cerebro {
namespace {

namespace fs = std::filesystem;

// Keys before and after "files" (dump sorts them), nested objects and a string holding the marker's
// text escaped, as a model path could.
nlohmann::json header() {
  return {{"cells", {{{"cell", 0}, {"files", nlohmann::json::array()}}}},
          {"colormap", "viridis"},
          {"files", nlohmann::json::array()},
          {"model", "a\n \"files\": []b.h5"},
          {"pages", {{{"page", 0}, {"file", "0.png"}}}}};
}

nlohmann::json entry(int pattern) {
  return {{"pattern", pattern},
          {"page", 0},
          {"file", std::to_string(pattern) + "/0.png"},
          {"cells", {{{"cell", 0}, {"range", {-0.1f, 1.0f / 3.0f}}, {"nan", 0}}}}};
}

TEST(CaptureStateWriter, StreamedDocumentEqualsTheWholeOne) {
  testing::TempDir dir;
  nlohmann::json whole = header();
  {
    app::CaptureStateWriter writer(dir / "capture.json", header());
    EXPECT_TRUE(fs::exists(dir / "capture.json.part"));
    EXPECT_FALSE(fs::exists(dir / "capture.json"));
    for (int i = 0; i < 3; ++i) {
      writer.add(entry(i));
      whole["files"].push_back(entry(i));
    }
    writer.finish();
  }
  EXPECT_FALSE(fs::exists(dir / "capture.json.part"));
  const nlohmann::json read = nlohmann::json::parse(testing::read_text(dir / "capture.json"));
  EXPECT_EQ(read, whole);
  EXPECT_EQ(read["files"][2]["cells"][0]["range"][1].get<float>(), 1.0f / 3.0f);
}

TEST(CaptureStateWriter, NoPagesGiveAnEmptyFilesArray) {
  testing::TempDir dir;
  {
    app::CaptureStateWriter writer(dir / "capture.json", header());
    writer.finish();
  }
  EXPECT_EQ(nlohmann::json::parse(testing::read_text(dir / "capture.json")), header());
}

TEST(CaptureStateWriter, UnfinishedRunLeavesNoFile) {
  testing::TempDir dir;
  {
    app::CaptureStateWriter writer(dir / "capture.json", header());
    writer.add(entry(0));
  }
  EXPECT_FALSE(fs::exists(dir / "capture.json.part"));
  EXPECT_FALSE(fs::exists(dir / "capture.json"));
}

TEST(CaptureStateWriter, UnwritableFolderIsABadInputError) {
  try {
    app::CaptureStateWriter writer(fs::path("/proc/no/such/folder/capture.json"), header());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::BadInput);
  }
}

}  // namespace
}  // namespace cerebro
