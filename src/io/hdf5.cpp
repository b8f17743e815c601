#include "io/hdf5.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "core/error.hpp"

namespace cerebro::io {
namespace {

// HDF5 prints a stack trace to stderr for every failed call; we report errors ourselves.
void silence_hdf5() {
  static const bool silenced = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)silenced;
}

bool has_hdf5_signature(const std::string& path) {
  // The superblock sits at 0, 512, 1024, … (a user block may come first).
  static const char kSignature[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  char buffer[8];
  for (std::streamoff offset = 0; offset <= 1 << 20; offset = offset ? offset * 2 : 512) {
    in.seekg(offset);
    if (!in.read(buffer, 8)) return false;
    if (std::memcmp(buffer, kSignature, 8) == 0) return true;
  }
  return false;
}

std::string trim_fixed(const char* data, size_t size) {
  // Fixed-length strings come NUL-padded (h5py) or space-padded (Fortran-style writers).
  size_t end = 0;
  while (end < size && data[end] != '\0') ++end;
  while (end > 0 && data[end - 1] == ' ') --end;
  return std::string(data, end);
}

std::vector<std::string> read_strings(hid_t attr, hid_t file_type, size_t count, const std::string& context) {
  std::vector<std::string> out;
  if (H5Tis_variable_str(file_type) > 0) {
    H5Handle mem_type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem_type.get(), H5T_VARIABLE);
    H5Tset_cset(mem_type.get(), H5Tget_cset(file_type));
    std::vector<char*> pointers(count, nullptr);
    if (H5Aread(attr, mem_type.get(), pointers.data()) < 0) throw_bad_input(context, "cannot read string attribute");
    for (char* p : pointers) out.emplace_back(p ? p : "");
    H5Handle space(H5Aget_space(attr), H5Sclose);
    H5Dvlen_reclaim(mem_type.get(), space.get(), H5P_DEFAULT, pointers.data());
    return out;
  }
  const size_t width = H5Tget_size(file_type);
  if (width == 0 || width > (size_t{1} << 26) / std::max<size_t>(count, 1)) {
    throw_bad_input(context, "string attribute has an implausible size");
  }
  H5Handle mem_type(H5Tcopy(file_type), H5Tclose);
  std::vector<char> buffer(width * count);
  if (H5Aread(attr, mem_type.get(), buffer.data()) < 0) throw_bad_input(context, "cannot read string attribute");
  for (size_t i = 0; i < count; ++i) out.push_back(trim_fixed(buffer.data() + i * width, width));
  return out;
}

// A declared shape is no proof of data: a file of a few KB can declare 2^31 values it does not store
// (unallocated storage reads as the fill value) and make us allocate 8 GiB (found by fuzzing).
// Keras writes weights uncompressed; deflate, the strongest filter HDF5 ships, packs at most 1032
// bytes into one (https://zlib.net/zlib_tech.html), so a dataset declaring more per stored byte is refused.
void check_stored_size(hid_t dataset, hid_t type, int64_t count, const std::string& where) {
  constexpr uint64_t kMaxRatio = 1032;
  constexpr uint64_t kSlack = 4096;  // tiny datasets may be stored compact or as a fill value
  const size_t width = H5Tget_size(type);
  if (width == 0 || width > 16) {
    throw_bad_input(where, "has an unsupported float width of " + std::to_string(width) + " bytes");
  }
  const uint64_t declared = static_cast<uint64_t>(count) * width;
  const uint64_t stored = H5Dget_storage_size(dataset);
  if (declared > kSlack && declared / kMaxRatio > stored) {
    throw_bad_input(where, "declares " + std::to_string(declared) + " bytes of values but the file stores " +
                               std::to_string(stored) + " (damaged or hostile file)");
  }
}

// Unversioned names (H5L_info_t, H5Literate): they map to the current API on HDF5 1.10 and 1.12+.
herr_t collect_link_name(hid_t, const char* name, const H5L_info_t*, void* data) {
  auto* names = static_cast<std::vector<std::string>*>(data);
  // A group with millions of links is not a Keras file; stop rather than exhaust memory.
  if (names->size() >= (size_t{1} << 20)) return 1;
  names->emplace_back(name);
  return 0;
}

}  // namespace

H5Handle& H5Handle::operator=(H5Handle&& other) noexcept {
  if (this != &other) {
    reset();
    id_ = other.id_;
    closer_ = other.closer_;
    other.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void H5Handle::reset() {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = H5I_INVALID_HID;
}

H5File::H5File(std::string path) : path_(std::move(path)) {
  silence_hdf5();
  if (!has_hdf5_signature(path_)) throw_bad_input(path_, "not an HDF5 file (or unreadable)");
  file_ = H5Handle(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file_.valid()) throw_bad_input(path_, "HDF5 file cannot be opened (truncated or damaged?)");
}

H5File::H5File(std::string display_name, const std::vector<char>& image) : path_(std::move(display_name)) {
  silence_hdf5();
  if (image.size() < 8 || std::memcmp(image.data(), "\x89HDF\r\n\x1a\n", 8) != 0) {
    throw_bad_input(path_, "not an HDF5 file");
  }
  // The core driver with a file image and no backing store: HDF5 copies the image and frees its
  // copy on close; nothing touches the disk, whatever the name. (H5LTopen_file_image with
  // DONT_COPY leaks its bookkeeping on close in HDF5 1.10, which LeakSanitizer reports.)
  H5Handle access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  if (H5Pset_fapl_core(access.get(), 1 << 20, false) < 0 ||
      H5Pset_file_image(access.get(), const_cast<char*>(image.data()), image.size()) < 0) {
    throw_internal(path_, "cannot set up an in-memory HDF5 file");
  }
  file_ = H5Handle(H5Fopen(path_.c_str(), H5F_ACC_RDONLY, access.get()), H5Fclose);
  if (!file_.valid()) throw_bad_input(path_, "HDF5 image cannot be opened (truncated or damaged?)");
}

std::string H5File::context(const std::string& object_path) const { return path_ + ": " + object_path; }

bool H5File::has_object(const std::string& object_path) const {
  if (object_path == "/" || object_path.empty()) return true;
  // Check each prefix: H5Lexists fails (rather than returning false) when a parent is missing.
  size_t pos = 0;
  while (pos != std::string::npos) {
    pos = object_path.find('/', pos + 1);
    const std::string prefix = object_path.substr(0, pos);
    if (prefix.empty() || prefix == "/") continue;
    if (H5Lexists(file_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return H5Oexists_by_name(file_.get(), object_path.c_str(), H5P_DEFAULT) > 0;
}

bool H5File::has_attribute(const std::string& object_path, const std::string& name) const {
  if (!has_object(object_path)) return false;
  return H5Aexists_by_name(file_.get(), object_path.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::string H5File::string_attribute(const std::string& object_path, const std::string& name) const {
  const std::vector<std::string> values = string_list_attribute(object_path, name);
  if (values.size() != 1) throw_bad_input(context(object_path), "attribute '" + name + "' is not one string");
  return values.front();
}

std::vector<std::string> H5File::string_list_attribute(const std::string& object_path,
                                                        const std::string& name) const {
  const std::string where = context(object_path) + " attribute '" + name + "'";
  if (!has_attribute(object_path, name)) {
    // h5py splits attributes over 64 KiB into name0, name1, … (Keras' save_attributes_to_hdf5_group).
    std::vector<std::string> joined;
    for (int chunk = 0; has_attribute(object_path, name + std::to_string(chunk)); ++chunk) {
      auto part = string_list_attribute(object_path, name + std::to_string(chunk));
      joined.insert(joined.end(), part.begin(), part.end());
    }
    if (joined.empty() && !has_attribute(object_path, name + "0")) throw_bad_input(where, "missing");
    return joined;
  }
  H5Handle attr(H5Aopen_by_name(file_.get(), object_path.c_str(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
  if (!attr.valid()) throw_bad_input(where, "cannot be opened");
  H5Handle type(H5Aget_type(attr.get()), H5Tclose);
  H5Handle space(H5Aget_space(attr.get()), H5Sclose);
  const hssize_t count = H5Sget_simple_extent_npoints(space.get());
  if (count < 0 || count > (1 << 24)) throw_bad_input(where, "has an implausible number of elements");
  if (H5Tget_class(type.get()) != H5T_STRING) {
    if (count == 0) return {};  // Keras writes an empty float64 array for "no weights"
    throw_bad_input(where, "is not a string attribute");
  }
  return read_strings(attr.get(), type.get(), static_cast<size_t>(count), where);
}

FloatArray H5File::read_floats(const std::string& dataset_path) const {
  const std::string where = context(dataset_path);
  if (!has_object(dataset_path)) throw_bad_input(where, "dataset missing");
  H5Handle dataset(H5Dopen2(file_.get(), dataset_path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!dataset.valid()) throw_bad_input(where, "is not a dataset");
  H5Handle type(H5Dget_type(dataset.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_FLOAT) throw_bad_input(where, "is not a float dataset");
  H5Handle space(H5Dget_space(dataset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0 || rank > 32) throw_bad_input(where, "has an invalid rank");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  FloatArray array;
  for (hsize_t d : dims) array.shape.push_back(static_cast<int64_t>(d));
  if (!array.shape.empty()) validate_shape(array.shape, where, int64_t{1} << 31);
  check_stored_size(dataset.get(), type.get(), element_count(array.shape), where);
  array.values.resize(static_cast<size_t>(element_count(array.shape)));
  if (H5Dread(dataset.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, array.values.data()) < 0) {
    throw_bad_input(where, "cannot be read (truncated file?)");
  }
  return array;
}

std::vector<std::string> H5File::children(const std::string& group_path) const {
  std::vector<std::string> names;
  if (!has_object(group_path)) return names;
  H5Handle group(H5Gopen2(file_.get(), group_path.c_str(), H5P_DEFAULT), H5Gclose);
  if (!group.valid()) return names;  // a dataset, not a group
  hsize_t index = 0;
  if (H5Literate(group.get(), H5_INDEX_NAME, H5_ITER_INC, &index, collect_link_name, &names) < 0) {
    throw_bad_input(context(group_path), "cannot list the group (damaged file?)");
  }
  return names;
}

}  // namespace cerebro::io
