#include "io/npz.hpp"

#include <zip.h>

#include <utility>

#include "core/error.hpp"
#include "io/zip_entry.hpp"

namespace cerebro::io {
namespace {

constexpr std::string_view kSuffix = ".npy";

std::string strip_suffix(std::string name) {
  if (name.size() >= kSuffix.size() && name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0) {
    name.resize(name.size() - kSuffix.size());
  }
  return name;
}

// An open archive; libzip reports errors through the handle, so they are read back from it.
class ZipArchive {
 public:
  explicit ZipArchive(const std::filesystem::path& path)
      : path_(path.string()), zip_(open_zip(path_, ".npz (a zip archive)")) {}
  ~ZipArchive() { zip_discard(zip_); }  // read-only: nothing to write back
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // Raw entry names, in archive order.
  std::vector<std::string> entry_names() const {
    const zip_int64_t count = zip_get_num_entries(zip_, 0);
    if (count < 0) throw_bad_input(path_, "cannot list entries: " + std::string(zip_strerror(zip_)));
    std::vector<std::string> names;
    for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
      const char* name = zip_get_name(zip_, i, 0);
      if (name == nullptr) throw_bad_input(path_, "cannot read entry names: " + std::string(zip_strerror(zip_)));
      names.emplace_back(name);
    }
    return names;
  }

  // The entry's array; any problem names the file and the entry.
  NpyArray read_array(zip_uint64_t index, const std::string& entry) const {
    const std::vector<char> bytes = read_entry(index, entry);
    try {
      return parse_npy(std::string_view(bytes.data(), bytes.size()), "");
    } catch (const Error& e) {
      throw Error(e.kind(), path_, "entry '" + entry + "': " + e.what());
    }
  }

 private:
  [[noreturn]] void entry_error(const std::string& entry, const std::string& what) const {
    throw_bad_input(path_, "entry '" + entry + "': " + what);
  }

  std::vector<char> read_entry(zip_uint64_t index, const std::string& entry) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(zip_, index, 0, &stat) != 0 || (stat.valid & ZIP_STAT_SIZE) == 0) {
      entry_error(entry, "cannot stat: " + std::string(zip_strerror(zip_)));
    }
    if (stat.size > static_cast<zip_uint64_t>(kMaxNpzEntryBytes)) {
      entry_error(entry, "declares " + std::to_string(stat.size) +
                             " bytes uncompressed; entries over 2 GiB are refused");
    }
    return read_zip_entry(zip_, index, stat.size, path_ + ": entry '" + entry + "'");
  }

  std::string path_;
  zip_t* zip_ = nullptr;
};

}  // namespace

std::vector<std::string> npz_names(const std::filesystem::path& path) {
  std::vector<std::string> names = ZipArchive(path).entry_names();
  for (std::string& name : names) name = strip_suffix(std::move(name));
  return names;
}

NpyArray read_npz_array(const std::filesystem::path& path, std::string_view name) {
  const ZipArchive archive(path);
  const std::vector<std::string> entries = archive.entry_names();
  const std::string wanted = strip_suffix(std::string(name));
  // np.savez always appends ".npy"; an entry without it is matched by its bare name as np.load does.
  for (const std::string& candidate : {wanted + std::string(kSuffix), wanted}) {
    for (size_t i = 0; i < entries.size(); ++i) {
      if (entries[i] == candidate) return archive.read_array(i, entries[i]);
    }
  }
  std::string known;
  for (size_t i = 0; i < entries.size() && i < 20; ++i) known += (i ? ", " : "") + strip_suffix(entries[i]);
  if (entries.size() > 20) known += ", ...";
  throw_bad_input(path.string(), "has no array '" + wanted + "' (it has: " + (known.empty() ? "none" : known) + ")");
}

std::map<std::string, NpyArray, std::less<>> read_npz(const std::filesystem::path& path) {
  const ZipArchive archive(path);
  std::map<std::string, NpyArray, std::less<>> arrays;
  const std::vector<std::string> entries = archive.entry_names();
  for (size_t i = 0; i < entries.size(); ++i) {
    std::string name = strip_suffix(entries[i]);
    if (arrays.contains(name)) throw_bad_input(path.string(), "holds the array '" + name + "' twice");
    arrays.emplace(std::move(name), archive.read_array(i, entries[i]));
  }
  return arrays;
}

}  // namespace cerebro::io
