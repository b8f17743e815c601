#pragma once
// capture.json written page by page. Holding one "files" entry per page in memory until the end
// grew a capture's memory by about 2.6 KB a page (heaptrack: ~260 MB over 100,000 patterns, see
// bench/RESULTS.md, soak); now each entry goes to disk as its page is drawn and only the current
// one is in memory. The document is the one capture_state() describes, one "files" entry a line.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace cerebro::app {

class CaptureStateWriter {
 public:
  // `document`: capture_state()'s document, whose "files" is still empty. Writes PATH.part.
  CaptureStateWriter(std::filesystem::path path, const nlohmann::json& document);
  // Removes PATH.part unless finish() succeeded.
  ~CaptureStateWriter();
  CaptureStateWriter(const CaptureStateWriter&) = delete;
  CaptureStateWriter& operator=(const CaptureStateWriter&) = delete;

  // One "files" entry (file_entry()).
  void add(const nlohmann::json& entry);
  // Closes the document and renames PATH.part to PATH, so PATH is always a whole document.
  void finish();

 private:
  void write(std::string_view text);

  std::filesystem::path path_;
  std::filesystem::path part_;
  struct Close {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, Close> out_;
  std::string tail_;  // what follows the "files" array in the document
  bool first_ = true;
  bool finished_ = false;
};

}  // namespace cerebro::app
