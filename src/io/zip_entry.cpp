#include "io/zip_entry.hpp"

#include <zip.h>

#include <algorithm>

#include "core/error.hpp"

namespace cerebro::io {

zip_t* open_zip(const std::string& path, const std::string& what) {
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (archive == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw_bad_input(path, "cannot open as " + what + ": " + reason);
  }
  return archive;
}

std::vector<char> read_zip_entry(zip_t* archive, uint64_t index, uint64_t declared, const std::string& where) {
  zip_file_t* file = zip_fopen_index(archive, index, 0);
  if (file == nullptr) throw_bad_input(where, "cannot open: " + std::string(zip_strerror(archive)));
  constexpr uint64_t kStep = uint64_t{16} << 20;
  std::vector<char> bytes;
  bytes.reserve(static_cast<size_t>(std::min(declared, kStep)));
  uint64_t got = 0;
  zip_int64_t last = 1;
  while (got < declared && last > 0) {
    const uint64_t want = std::min(declared - got, kStep);
    bytes.resize(static_cast<size_t>(got + want));
    last = zip_fread(file, bytes.data() + got, want);
    if (last > 0) got += static_cast<uint64_t>(last);
  }
  bytes.resize(static_cast<size_t>(got));
  // One more read must hit the end: that is when libzip checks the CRC, and it also catches an
  // entry that holds more than it declares (never more than one byte past the declared size).
  char extra = 0;
  const zip_int64_t past_end = last >= 0 && got == declared ? zip_fread(file, &extra, 1) : 0;
  const std::string file_error = zip_file_strerror(file);
  zip_fclose(file);
  if (last < 0 || past_end < 0) throw_bad_input(where, "cannot read: " + file_error);
  if (got != declared) throw_bad_input(where, "is shorter than it declares");
  if (past_end > 0) throw_bad_input(where, "is longer than it declares");
  return bytes;
}

}  // namespace cerebro::io
