#pragma once
#include <filesystem>
#include <vector>

#include "patterns/image_decode.hpp"
#include "patterns/pattern_source.hpp"

namespace cerebro::patterns {

struct ImageFile {
  std::filesystem::path path;
  ImageFormat format;
};

// Patterns from image files, one each, decoded when read. Every file's header is checked when the
// source opens, so an image that does not fit the model fails before the first pattern is used.
class ImageFilesSource final : public PatternSource {
 public:
  ImageFilesSource(std::vector<ImageFile> files, std::string description, const Shape& input_shape,
                   const PatternOptions& options);

  int64_t count() const override { return static_cast<int64_t>(files_.size()); }
  const Shape& shape() const override { return shape_; }
  void read(int64_t first, int64_t n, float* destination) override;
  std::string describe() const override { return description_; }

 private:
  std::vector<ImageFile> files_;
  std::vector<ImageHeader> headers_;     // per file, as checked at open
  std::vector<size_t> converter_index_;  // per file, into converters_
  std::vector<Converter> converters_;    // one per distinct stored shape
  std::string description_;
  Shape shape_;
};

// A folder's PNG and JPEG files sorted by name; anything else in it is skipped with one warning.
// A folder without images is a BadInput error.
std::vector<ImageFile> list_image_folder(const std::filesystem::path& folder);

}  // namespace cerebro::patterns
