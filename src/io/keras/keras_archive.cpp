#include "io/keras/keras_archive.hpp"

#include <zip.h>

#include <cstring>
#include <fstream>

#include "core/error.hpp"
#include "io/zip_entry.hpp"

namespace cerebro::io {

KerasArchive::KerasArchive(std::string path) : path_(std::move(path)) {
  zip_error_t error;
  zip_error_init(&error);
  open(zip_source_file_create(path_.c_str(), 0, -1, &error), &error);
}

KerasArchive::KerasArchive(std::string name, std::string bytes) : path_(std::move(name)), bytes_(std::move(bytes)) {
  zip_error_t error;
  zip_error_init(&error);
  open(zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error), &error);
}

void KerasArchive::open(zip_source_t* source, zip_error_t* error) {
  if (source != nullptr) {
    zip_ = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, error);
    // On success the archive owns the source; on failure it is still ours.
    if (zip_ == nullptr) zip_source_free(source);
  }
  if (zip_ == nullptr) {
    const std::string what = zip_error_strerror(error);
    zip_error_fini(error);
    throw_bad_input(path_, "cannot open as a .keras file (a zip archive): " + what);
  }
  zip_error_fini(error);
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
  return read_zip_entry(zip_, *index, stat.size, where);
}

bool looks_like_zip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

}  // namespace cerebro::io
