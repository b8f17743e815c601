#include "patterns/byte_stream.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "core/error.hpp"
#include "io/zip_entry.hpp"

namespace cerebro::patterns {
namespace {

std::string errno_text() { return std::strerror(errno); }

class Fd {
 public:
  explicit Fd(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0) throw_bad_input(path, "cannot open: " + errno_text());
  }
  ~Fd() { ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads up to `size` bytes at `offset`; fewer only at the end of the file.
int64_t pread_some(int fd, char* destination, int64_t size, int64_t offset, const std::string& path) {
  int64_t done = 0;
  while (done < size) {
    const ssize_t got =
        ::pread(fd, destination + done, static_cast<size_t>(size - done), static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw_bad_input(path, "cannot read: " + errno_text());
    }
    if (got == 0) break;
    done += got;
  }
  return done;
}

[[noreturn]] void ended_early(const std::string& name, int64_t offset, int64_t size) {
  throw_bad_input(name, "file ended early: bytes [" + std::to_string(offset) + ", " + std::to_string(offset + size) +
                            ") are past its end (is it truncated?)");
}

class FileStream final : public ByteStream {
 public:
  explicit FileStream(const std::string& path) : name_(path), fd_(path) {
    struct stat info {};
    if (::fstat(fd_.get(), &info) != 0) throw_bad_input(name_, "cannot stat: " + errno_text());
    if (!S_ISREG(info.st_mode)) throw_bad_input(name_, "not a regular file");
    size_ = info.st_size;
  }

  void read_at(int64_t offset, char* destination, int64_t size) override {
    if (pread_some(fd_.get(), destination, size, offset, name_) != size) ended_early(name_, offset, size);
  }
  std::optional<int64_t> size() const override { return size_; }
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  Fd fd_;
  int64_t size_ = 0;
};

// zlib's gzFile inflates forward and emulates backward seeks by rewinding
// (https://zlib.net/manual.html#Gzip: gzseek "can be extremely slow" backward; we accept that, see
// byte_stream.hpp).
class GzipStream final : public ByteStream {
 public:
  explicit GzipStream(const std::string& path) : name_(path) {
    size_hint_ = trailer_size(path);
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) throw_bad_input(name_, "cannot open: " + errno_text());
    gzbuffer(file_, 1 << 16);
  }
  ~GzipStream() override { gzclose_r(file_); }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  void read_at(int64_t offset, char* destination, int64_t size) override {
    const bool jump = offset != position_;
    position_ = -1;  // unknown until the seek and the reads below succeed
    if (jump) {
      if (gzseek(file_, static_cast<z_off_t>(offset), SEEK_SET) != static_cast<z_off_t>(offset)) fail(offset, size);
    }
    int64_t done = 0;
    while (done < size) {
      const auto chunk = static_cast<unsigned>(std::min<int64_t>(size - done, INT_MAX / 2));
      const int got = gzread(file_, destination + done, chunk);
      if (got <= 0) fail(offset, size);
      done += got;
    }
    position_ = offset + size;
  }
  std::optional<int64_t> size() const override { return size_hint_; }
  const std::string& name() const override { return name_; }

 private:
  // gzip's last four bytes hold the inflated size modulo 2^32 (RFC 1952, ISIZE).
  static std::optional<int64_t> trailer_size(const std::string& path) {
    const Fd fd(path);
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0 || info.st_size < 18) return std::nullopt;
    unsigned char tail[4];
    if (pread_some(fd.get(), reinterpret_cast<char*>(tail), 4, info.st_size - 4, path) != 4) return std::nullopt;
    return int64_t{tail[0]} | int64_t{tail[1]} << 8 | int64_t{tail[2]} << 16 | int64_t{tail[3]} << 24;
  }

  [[noreturn]] void fail(int64_t offset, int64_t size) {
    int code = Z_OK;
    const char* message = gzerror(file_, &code);
    if (code != Z_OK && code != Z_BUF_ERROR) throw_bad_input(name_, std::string("corrupt gzip data: ") + message);
    ended_early(name_, offset, size);
  }

  std::string name_;
  gzFile file_ = nullptr;
  int64_t position_ = 0;
  std::optional<int64_t> size_hint_;
};

class ZipEntryStream final : public ByteStream {
 public:
  ZipEntryStream(const std::string& path, const std::string& entry) : name_(path + ":" + entry) {
    archive_ = io::open_zip(path, "a zip archive");
    // np.savez names entries "<name>.npy"; np.load accepts the name without it, as we do.
    zip_int64_t index = zip_name_locate(archive_, entry.c_str(), 0);
    if (index < 0) index = zip_name_locate(archive_, (entry + ".npy").c_str(), 0);
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (index < 0 || zip_stat_index(archive_, static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
        (stat.valid & ZIP_STAT_SIZE) == 0) {
      zip_discard(archive_);
      throw_bad_input(name_, "cannot find or stat the entry");
    }
    index_ = static_cast<zip_uint64_t>(index);
    size_ = static_cast<int64_t>(stat.size);
    // Only stored entries can seek; libzip marks a file handle failed after a refused seek.
    seekable_ = (stat.valid & ZIP_STAT_COMP_METHOD) != 0 && stat.comp_method == ZIP_CM_STORE &&
                ((stat.valid & ZIP_STAT_ENCRYPTION_METHOD) == 0 || stat.encryption_method == ZIP_EM_NONE);
    try {
      reopen();
    } catch (...) {
      // A throwing constructor runs no destructor: the archive would leak (found by fuzzing).
      zip_discard(archive_);
      throw;
    }
  }
  ~ZipEntryStream() override {
    if (file_ != nullptr) zip_fclose(file_);
    zip_discard(archive_);
  }
  ZipEntryStream(const ZipEntryStream&) = delete;
  ZipEntryStream& operator=(const ZipEntryStream&) = delete;

  void read_at(int64_t offset, char* destination, int64_t size) override {
    if (offset + size > size_) ended_early(name_, offset, size);
    seek(offset);
    read_exactly(destination, size);
  }
  std::optional<int64_t> size() const override { return size_; }
  const std::string& name() const override { return name_; }

 private:
  void reopen() {
    if (file_ != nullptr) zip_fclose(file_);
    file_ = zip_fopen_index(archive_, index_, 0);
    if (file_ == nullptr) throw_bad_input(name_, "cannot open: " + std::string(zip_strerror(archive_)));
    position_ = 0;
  }

  void seek(int64_t offset) {
    if (offset == position_) return;
    if (seekable_) {
      if (zip_fseek(file_, offset, SEEK_SET) != 0)
        throw_bad_input(name_, "cannot seek: " + std::string(zip_file_strerror(file_)));
      position_ = offset;
      return;
    }
    if (offset < position_) reopen();
    std::vector<char> skipped(static_cast<size_t>(std::min<int64_t>(offset - position_, 1 << 16)));
    while (position_ < offset)
      read_exactly(skipped.data(), std::min<int64_t>(offset - position_, static_cast<int64_t>(skipped.size())));
  }

  void read_exactly(char* destination, int64_t size) {
    int64_t done = 0;
    while (done < size) {
      const zip_int64_t got = zip_fread(file_, destination + done, static_cast<zip_uint64_t>(size - done));
      if (got < 0) throw_bad_input(name_, "cannot read: " + std::string(zip_file_strerror(file_)));
      if (got == 0) ended_early(name_, position_, size - done);
      done += got;
      position_ += got;
    }
  }

  std::string name_;
  zip_t* archive_ = nullptr;
  zip_file_t* file_ = nullptr;
  zip_uint64_t index_ = 0;
  int64_t size_ = 0;
  int64_t position_ = 0;
  bool seekable_ = false;
};

class MemoryStream final : public ByteStream {
 public:
  MemoryStream(std::string name, std::string bytes) : name_(std::move(name)), bytes_(std::move(bytes)) {}

  void read_at(int64_t offset, char* destination, int64_t size) override {
    const auto total = static_cast<int64_t>(bytes_.size());
    if (offset < 0 || size < 0 || offset > total || size > total - offset) ended_early(name_, offset, size);
    if (size > 0) std::memcpy(destination, bytes_.data() + offset, static_cast<size_t>(size));
  }
  std::optional<int64_t> size() const override { return static_cast<int64_t>(bytes_.size()); }
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::string bytes_;
};

}  // namespace

bool is_gzip_file(const std::filesystem::path& path) {
  const Fd fd(path.string());
  unsigned char magic[2] = {0, 0};
  return pread_some(fd.get(), reinterpret_cast<char*>(magic), 2, 0, path.string()) == 2 && magic[0] == 0x1f &&
         magic[1] == 0x8b;
}

std::unique_ptr<ByteStream> open_file_stream(const std::filesystem::path& path) {
  if (is_gzip_file(path)) return std::make_unique<GzipStream>(path.string());
  return std::make_unique<FileStream>(path.string());
}

std::unique_ptr<ByteStream> open_zip_entry_stream(const std::filesystem::path& path, const std::string& entry) {
  return std::make_unique<ZipEntryStream>(path.string(), entry);
}

std::unique_ptr<ByteStream> open_memory_stream(std::string name, std::string bytes) {
  return std::make_unique<MemoryStream>(std::move(name), std::move(bytes));
}

}  // namespace cerebro::patterns
