#include "app/capture_state_writer.hpp"

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/output_file.hpp"

namespace cerebro::app {
namespace fs = std::filesystem;

namespace {

// dump(1) puts each top-level key on its own line after a newline and one space; a newline cannot
// occur inside a dumped string (it is escaped), so this text marks the top-level "files" only.
constexpr std::string_view kFilesMarker = "\n \"files\": []";

}  // namespace

CaptureStateWriter::CaptureStateWriter(fs::path path, const nlohmann::json& document)
    : path_(std::move(path)), part_(path_.string() + ".part") {
  const std::string text = document.dump(1);
  const size_t marker = text.find(kFilesMarker);
  if (marker == std::string::npos) throw_internal(path_.string(), "the capture state has no empty \"files\" array");
  const size_t open = marker + kFilesMarker.size() - 1;  // the ']' of "[]"
  tail_ = text.substr(open);
  out_.reset(open_output_file(part_.string()));  // never through a link planted in --out
  write(std::string_view(text).substr(0, open));
}

CaptureStateWriter::~CaptureStateWriter() {
  if (finished_) return;
  out_.reset();
  std::error_code ec;
  fs::remove(part_, ec);
}

void CaptureStateWriter::add(const nlohmann::json& entry) {
  write(first_ ? "\n  " : ",\n  ");
  write(entry.dump());
  first_ = false;
}

void CaptureStateWriter::finish() {
  write(first_ ? "" : "\n ");
  write(tail_ + '\n');
  if (std::fclose(out_.release()) != 0) throw_bad_input(path_.string(), std::string("cannot write: ") + std::strerror(errno));
  std::error_code ec;
  fs::rename(part_, path_, ec);
  if (ec) throw_bad_input(path_.string(), "cannot write: " + ec.message());
  finished_ = true;
}

void CaptureStateWriter::write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), out_.get()) != text.size()) {
    throw_bad_input(path_.string(), std::string("cannot write: ") + std::strerror(errno));
  }
}

}  // namespace cerebro::app
