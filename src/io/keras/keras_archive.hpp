#pragma once
// A Keras 3 `.keras` file: a zip holding config.json, metadata.json and model.weights.h5.
// Entries are looked up by their exact names and read into memory: an entry name is never used as
// a path, and an entry that declares more bytes than its limit is refused before it is inflated.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct zip;
struct zip_error;
struct zip_source;

namespace cerebro::io {

class KerasArchive {
 public:
  // Opens the zip read-only; a file that is not a zip is a BadInput error naming it.
  explicit KerasArchive(std::string path);
  // A zip held in memory (what the fuzz target feeds); `name` is for messages. Both constructors
  // open the archive through the same libzip source path.
  KerasArchive(std::string name, std::string bytes);
  ~KerasArchive();
  KerasArchive(const KerasArchive&) = delete;
  KerasArchive& operator=(const KerasArchive&) = delete;

  const std::string& path() const { return path_; }
  bool has(const std::string& entry) const;
  // The entry's bytes. Refused (BadInput naming the file and the entry) when it is missing, when
  // its declared uncompressed size exceeds `max_bytes`, or when its data does not match what it
  // declares (size, CRC).
  std::vector<char> read(const std::string& entry, uint64_t max_bytes) const;

 private:
  std::optional<uint64_t> locate(const std::string& entry) const;
  void open(struct zip_source* source, struct zip_error* error);

  std::string path_;
  std::string bytes_;  // the in-memory archive; libzip reads it in place
  struct zip* zip_ = nullptr;
};

// Whether the file starts like a zip archive (local file header "PK\3\4").
bool looks_like_zip(const std::string& path);

}  // namespace cerebro::io
