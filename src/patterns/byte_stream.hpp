#pragma once
// Random-access reading of bytes that may live in a plain file, a gzip file or a zip entry, so the
// array formats (.npy, .npz, IDX) share one reader and none of them loads a file whole.
//
// Compressed data cannot be indexed, so a gzip file or a deflated zip entry is inflated as a stream:
// reading forward (what `export` does) inflates each byte once; reading backward (scrubbing in the
// viewer) restarts from the beginning. Memory stays at zlib's window plus a 64 KiB buffer whatever
// the file's size; a backward jump in Fashion-MNIST's test set (7.8 MB inflated) costs ~20 ms. A
// decompress-once cache would make jumps free but costs the whole file in memory (47 MB for the
// training set, gigabytes for larger sets), against `export`'s promise of flat memory.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace cerebro::patterns {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads exactly `size` bytes at `offset`, or throws BadInput naming the file (it ended early,
  // or its compressed data is corrupt).
  virtual void read_at(int64_t offset, char* destination, int64_t size) = 0;
  // The number of bytes the stream holds when known without reading it all: the size of a plain
  // file or a zip entry; for gzip the trailer's size field (modulo 2^32, so only a hint).
  virtual std::optional<int64_t> size() const = 0;
  // For messages: "t10k-images-idx3-ubyte.gz", "refs.npz:input".
  virtual const std::string& name() const = 0;
};

// A plain or gzip-compressed file (told apart by gzip's magic bytes, not the name).
std::unique_ptr<ByteStream> open_file_stream(const std::filesystem::path& path);

// True when the file starts with gzip's magic bytes 1f 8b.
bool is_gzip_file(const std::filesystem::path& path);

// Entry `entry` of the zip archive at `path` (or `entry` + ".npy", as np.load finds arrays).
std::unique_ptr<ByteStream> open_zip_entry_stream(const std::filesystem::path& path, const std::string& entry);

// Bytes already in memory (the fuzz targets feed the array readers through this); `name` is for
// messages. The size is exact.
std::unique_ptr<ByteStream> open_memory_stream(std::string name, std::string bytes);

}  // namespace cerebro::patterns
