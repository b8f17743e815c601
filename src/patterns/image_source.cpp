#include "patterns/image_source.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/log.hpp"

namespace cerebro::patterns {
namespace fs = std::filesystem;
namespace {

Shape stored_shape(const ImageHeader& header) { return {header.height, header.width, header.channels}; }

bool same_header(const ImageHeader& a, const ImageHeader& b) {
  return a.height == b.height && a.width == b.width && a.channels == b.channels && a.max == b.max;
}

std::string name_list(const std::vector<std::string>& names) {
  std::string text;
  for (size_t i = 0; i < names.size() && i < 5; ++i) text += (i ? ", " : "") + names[i];
  if (names.size() > 5) text += " and " + std::to_string(names.size() - 5) + " more";
  return text;
}

}  // namespace

ImageFilesSource::ImageFilesSource(std::vector<ImageFile> files, std::string description, const Shape& input_shape,
                                   const PatternOptions& options)
    : files_(std::move(files)), description_(std::move(description)), shape_(input_shape) {
  std::vector<ImageHeader> distinct;
  for (const ImageFile& file : files_) {
    const ImageHeader header = read_image_header(file.path, file.format);
    headers_.push_back(header);
    const auto known =
        std::find_if(distinct.begin(), distinct.end(), [&](const ImageHeader& h) { return same_header(h, header); });
    if (known != distinct.end()) {
      converter_index_.push_back(static_cast<size_t>(known - distinct.begin()));
      continue;
    }
    std::optional<Converter> converter = Converter::fit(stored_shape(header), header.max, input_shape, options);
    if (!converter) {
      throw_misfit(file.path.string(), stored_shape(header), input_shape,
                   !options.resize && fits_with_resize(stored_shape(header), input_shape),
                   "an image of shape (H, W), (H, W, 1) or (H, W, 3), or as many values as the image");
    }
    if (converter->resizes() &&
        std::none_of(converters_.begin(), converters_.end(), [](const Converter& c) { return c.resizes(); })) {
      log_info("resizing patterns from " + converter->resize_text() + " (bilinear)");
    }
    converter_index_.push_back(converters_.size());
    converters_.push_back(std::move(*converter));
    distinct.push_back(header);
  }
}

void ImageFilesSource::read(int64_t first, int64_t n, float* destination) {
  if (first < 0 || n < 0 || first > count() || n > count() - first)
    throw_internal(describe(), "pattern index out of range");
  const int64_t size = element_count(shape_);
  for (int64_t p = 0; p < n; ++p) {
    const auto index = static_cast<size_t>(first + p);
    const DecodedImage image = decode_image(files_[index].path, files_[index].format);
    if (!same_header(image.header, headers_[index])) {
      throw_bad_input(files_[index].path.string(), "changed while cerebro was using it (its size or channels differ)");
    }
    converters_[converter_index_[index]].apply(image.values.data(), destination + p * size);
  }
}

std::vector<ImageFile> list_image_folder(const fs::path& folder) {
  std::vector<fs::path> entries;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  if (ec) throw_bad_input(folder.string(), "cannot list the folder: " + ec.message());
  std::sort(entries.begin(), entries.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename().string() < b.filename().string(); });
  std::vector<ImageFile> images;
  std::vector<std::string> skipped;
  for (const fs::path& entry : entries) {
    std::optional<ImageFormat> format;
    if (fs::is_regular_file(entry, ec)) format = sniff_image_format(entry);
    if (format) {
      images.push_back({entry, *format});
    } else {
      skipped.push_back(entry.filename().string());
    }
  }
  if (images.empty()) {
    throw_bad_input(folder.string(), skipped.empty() ? "is an empty folder (expected PNG or JPEG images)"
                                                     : "holds no PNG or JPEG images (only " + name_list(skipped) + ")");
  }
  if (!skipped.empty()) {
    log_warning(folder.string() + ": skipped " + std::to_string(skipped.size()) + " entr" +
                (skipped.size() == 1 ? "y" : "ies") + " that " + (skipped.size() == 1 ? "is" : "are") +
                " not a PNG or JPEG image: " + name_list(skipped));
  }
  return images;
}

}  // namespace cerebro::patterns
