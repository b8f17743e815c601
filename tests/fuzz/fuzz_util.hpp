#pragma once
// Shared by the fuzz targets. A target catches cerebro::Error (a bad file's expected outcome) and
// nothing else: any other exception, a crash, a leak, undefined behaviour or a timeout is a finding.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/shape.hpp"

namespace cerebro::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Runs one read, keeping the bad file's expected outcome (a BadInput or Unsupported Error) quiet:
// one damaged object must not hide the rest of the input. An Internal error is a finding.
template <typename F>
void attempt(F&& read) {
  try {
    read();
  } catch (const cerebro::Error& error) {
    if (error.kind() == cerebro::ErrorKind::Internal) throw;
  }
}

// Reads every value of an array reader (patterns::ArrayFile, io::NpyReader) in bounded chunks, as
// `export` does: a header may promise far more values than the input holds.
template <typename Reader>
void read_all_values(Reader& reader) {
  constexpr int64_t kChunk = 4096;
  const int64_t total = element_count(reader.shape());
  std::vector<float> buffer(static_cast<size_t>(std::min(total, kChunk)));
  for (int64_t first = 0; first < total; first += kChunk) {
    reader.read(first, std::min(kChunk, total - first), buffer.data());
  }
}

// An anonymous in-memory file holding the input, for readers that only take a path (zlib's gzFile,
// libzip's archives as patterns open them): nothing is written to disk. Closed on destruction.
class MemFd {
 public:
  explicit MemFd(std::string_view bytes) : fd_(memfd_create("fuzz-input", MFD_CLOEXEC)) {
    if (fd_ < 0) throw_internal("fuzz input", "memfd_create failed");
    for (size_t done = 0; done < bytes.size();) {
      const ssize_t wrote = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (wrote <= 0) throw_internal("fuzz input", "cannot write to the memfd");
      done += static_cast<size_t>(wrote);
    }
  }
  ~MemFd() { ::close(fd_); }
  MemFd(const MemFd&) = delete;
  MemFd& operator=(const MemFd&) = delete;
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

}  // namespace cerebro::fuzz
