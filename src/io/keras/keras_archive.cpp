#include "io/keras/keras_archive.hpp"

#include <zip.h>

#include <cstring>
#include <fstream>

#include "core/error.hpp"

namespace cerebro::io {

KerasArchive::KerasArchive(std::string path) : path_(std::move(path)) {
  int code = 0;
  zip_ = zip_open(path_.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (zip_ == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string what = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw_bad_input(path_, "cannot open as a .keras file (a zip archive): " + what);
  }
}

KerasArchive::~KerasArchive() { zip_discard(zip_); }  // read-only: nothing to write back

std::optional<uint64_t> KerasArchive::locate(const std::string& entry) const {
  // Exact, case-sensitive match on the raw name: "../config.json" or "CONFIG.JSON" are other entries.
  const zip_int64_t index = zip_name_locate(zip_, entry.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0) return std::nullopt;
  return static_cast<uint64_t>(index);
}

bool KerasArchive::has(const std::string& entry) const { return locate(entry).has_value(); }

std::vector<char> KerasArchive::read(const std::string& entry, uint64_t max_bytes) const {
  const std::string where = path_ + ": entry '" + entry + "'";
  const std::optional<uint64_t> index = locate(entry);
  if (!index) throw_bad_input(path_, "has no '" + entry + "' (not a Keras 3 .keras file?)");
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(zip_, *index, 0, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0) {
    throw_bad_input(where, "cannot stat: " + std::string(zip_strerror(zip_)));
  }
  // The declared size is checked before a single byte is inflated (a zip bomb stops here).
  if (stat.size > max_bytes) {
    throw_bad_input(where, "declares " + std::to_string(stat.size) + " bytes uncompressed; over the limit of " +
                               std::to_string(max_bytes) + ", refused");
  }
  zip_file_t* file = zip_fopen_index(zip_, *index, 0);
  if (file == nullptr) throw_bad_input(where, "cannot open: " + std::string(zip_strerror(zip_)));
  std::vector<char> bytes(static_cast<size_t>(stat.size));
  const zip_int64_t got = bytes.empty() ? 0 : zip_fread(file, bytes.data(), bytes.size());
  // One more read must hit the end: that is when libzip checks the CRC, and it also catches an
  // entry that holds more than it declares (never more than one byte past the declared size).
  char extra = 0;
  const zip_int64_t past_end = got == static_cast<zip_int64_t>(bytes.size()) ? zip_fread(file, &extra, 1) : 0;
  const std::string file_error = zip_file_strerror(file);
  zip_fclose(file);
  if (got < 0 || past_end < 0) throw_bad_input(where, "cannot read: " + file_error);
  if (got != static_cast<zip_int64_t>(bytes.size())) throw_bad_input(where, "is shorter than it declares");
  if (past_end > 0) throw_bad_input(where, "is longer than it declares");
  return bytes;
}

bool looks_like_zip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

}  // namespace cerebro::io
