// PNG through libpng's classic API (http://www.libpng.org/pub/png/libpng-manual.txt). libpng reports
// errors by longjmp, so the two calls that can fail run in small functions holding only plain
// values: a longjmp out of libpng then skips no C++ destructor. (The simplified png_image API
// would avoid setjmp but applies gamma to 16-bit samples; we want the raw samples.)
#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>

#include "core/error.hpp"
#include "patterns/image_decode.hpp"

namespace cerebro::patterns {
namespace {

struct PngFailure {
  char message[256] = "unknown libpng error";
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* failure = static_cast<PngFailure*>(png_get_error_ptr(png));
  std::snprintf(failure->message, sizeof failure->message, "%s", message);
  png_longjmp(png, 1);
}

// Warnings (an odd iCCP profile, a bad text chunk) leave the samples readable: say nothing.
void on_png_warning(png_structp, png_const_charp) {}

struct PngLayout {
  png_uint_32 height = 0, width = 0;
  int channels = 0, bit_depth = 0;
  size_t row_bytes = 0;
};

// Reads the header and sets up the conversions of image_decode.hpp. Plain values only (see top).
bool png_read_layout(png_structp png, png_infop info, std::FILE* file, PngLayout* layout) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_init_io(png, file);
  png_set_user_limits(png, 1u << 16, 1u << 16);
  png_read_info(png, info);
  const int color_type = png_get_color_type(png, info);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) png_set_expand_gray_1_2_4_to_8(png);
  if ((color_type & PNG_COLOR_MASK_ALPHA) != 0) png_set_strip_alpha(png);
  if (png_get_bit_depth(png, info) == 16) png_set_swap(png);  // PNG is big-endian; we read host order
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  layout->height = png_get_image_height(png, info);
  layout->width = png_get_image_width(png, info);
  layout->channels = png_get_channels(png, info);
  layout->bit_depth = png_get_bit_depth(png, info);
  layout->row_bytes = png_get_rowbytes(png, info);
  return true;
}

bool png_read_rows(png_structp png, png_infop info, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  png_read_end(png, info);  // checks the chunks after the image data (and their CRCs)
  return true;
}

class PngReader {
 public:
  PngReader(std::FILE* file, const std::string& name) : path_(name), file_(file) {
    png_ = png_create_read_struct(PNG_LIBPNG_VER_STRING, &failure_, on_png_error, on_png_warning);
    if (png_ != nullptr) info_ = png_create_info_struct(png_);
    if (info_ == nullptr) {
      close();
      throw_internal(path_, "libpng could not allocate its state");
    }
  }
  ~PngReader() { close(); }
  PngReader(const PngReader&) = delete;
  PngReader& operator=(const PngReader&) = delete;

  ImageHeader read(std::vector<float>* values) {
    PngLayout layout;
    if (!png_read_layout(png_, info_, file_, &layout)) fail();
    if (layout.channels != 1 && layout.channels != 3) {
      throw_internal(path_, "libpng gave " + std::to_string(layout.channels) + " channels after stripping alpha");
    }
    ImageHeader header{layout.height, layout.width, layout.channels, layout.bit_depth == 16 ? 65535.0f : 255.0f};
    if (header.height * header.width > kMaxImagePixels) {
      throw_bad_input(path_, "is " + std::to_string(header.width) + "x" + std::to_string(header.height) +
                                 " pixels; images over 8192x8192 are refused");
    }
    if (values == nullptr) return header;
    std::vector<png_byte> pixels(layout.row_bytes * layout.height);
    std::vector<png_bytep> rows(layout.height);
    for (size_t y = 0; y < rows.size(); ++y) rows[y] = pixels.data() + y * layout.row_bytes;
    if (!png_read_rows(png_, info_, rows.data())) fail();
    const size_t count = static_cast<size_t>(header.height * header.width * header.channels);
    values->resize(count);
    if (layout.bit_depth == 16) {
      for (size_t i = 0; i < count; ++i) {
        uint16_t sample;
        std::memcpy(&sample, pixels.data() + 2 * i, 2);
        (*values)[i] = sample;
      }
    } else {
      for (size_t i = 0; i < count; ++i) (*values)[i] = pixels[i];
    }
    return header;
  }

 private:
  [[noreturn]] void fail() const { throw_bad_input(path_, std::string("not a readable PNG: ") + failure_.message); }

  void close() {
    if (png_ != nullptr) png_destroy_read_struct(&png_, info_ != nullptr ? &info_ : nullptr, nullptr);
    png_ = nullptr, info_ = nullptr;
  }

  std::string path_;
  std::FILE* file_ = nullptr;  // the caller's
  PngFailure failure_;
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
};

}  // namespace

ImageHeader read_png(std::FILE* file, const std::string& name, std::vector<float>* values) {
  PngReader reader(file, name);
  return reader.read(values);
}

}  // namespace cerebro::patterns
