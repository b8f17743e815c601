#pragma once
// A thin, exception-safe layer over the HDF5 C API: owned handles, and the string and float
// reading that Keras files need. HDF5's own error printing is silenced; every failure becomes one
// cerebro::Error naming the file and the object.
#include <hdf5.h>

#include <optional>
#include <string>
#include <vector>

#include "core/shape.hpp"

namespace cerebro::io {

// An owned hid_t, closed with the matching H5?close.
class H5Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  H5Handle() = default;
  H5Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~H5Handle() { reset(); }
  H5Handle(H5Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = H5I_INVALID_HID; }
  H5Handle& operator=(H5Handle&& other) noexcept;
  H5Handle(const H5Handle&) = delete;
  H5Handle& operator=(const H5Handle&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset();

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

struct FloatArray {
  Shape shape;
  std::vector<float> values;
};

class H5File {
 public:
  // Opens read-only. A file that is not HDF5, or is truncated, is a BadInput error naming it.
  explicit H5File(std::string path);
  // Opens an HDF5 image held in memory (the weights inside a .keras zip), without a temp file.
  H5File(std::string display_name, const std::vector<char>& image);

  const std::string& path() const { return path_; }
  hid_t root() const { return file_.get(); }

  bool has_object(const std::string& object_path) const;
  bool has_attribute(const std::string& object_path, const std::string& name) const;

  // A string attribute, scalar: variable- or fixed-length, ASCII or UTF-8, NUL-padded or not.
  std::string string_attribute(const std::string& object_path, const std::string& name) const;
  // A list of strings stored as one array attribute. An empty float64 array (what Keras writes for
  // a layer without weights) is an empty list. Long lists split over `name0`, `name1`, … are joined.
  std::vector<std::string> string_list_attribute(const std::string& object_path, const std::string& name) const;

  // A float dataset (any float width) converted to float32; shape and size validated first.
  FloatArray read_floats(const std::string& dataset_path) const;

  // The names of the links directly under a group, in name order; empty when there is no such
  // group.
  std::vector<std::string> children(const std::string& group_path) const;

 private:
  std::string context(const std::string& object_path) const;

  std::string path_;
  H5Handle file_;
};

}  // namespace cerebro::io
