// JPEG through libjpeg-turbo's libjpeg API (https://github.com/libjpeg-turbo/libjpeg-turbo/blob/main/libjpeg.txt).
// Errors arrive at error_exit, which must not return: we longjmp back into small functions that
// hold only plain values (no C++ destructor is skipped). Corrupt-data warnings ("Premature end of
// JPEG file") are errors here: libjpeg would otherwise fill the missing rows with gray, as Pillow
// refuses a truncated JPEG too.
#include <csetjmp>
#include <cstdio>
#include <cstring>
// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

#include "core/error.hpp"
#include "patterns/image_decode.hpp"

namespace cerebro::patterns {
namespace {

struct JpegFailure {
  jpeg_error_mgr manager;  // first, so libjpeg's error pointer is also a JpegFailure pointer
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void on_jpeg_error(j_common_ptr info) {
  auto* failure = reinterpret_cast<JpegFailure*>(info->err);
  (*info->err->format_message)(info, failure->message);
  std::longjmp(failure->jump, 1);
}

// Level -1 is a warning about corrupt data; higher levels are trace output.
void on_jpeg_message(j_common_ptr info, int level) {
  if (level < 0) on_jpeg_error(info);
}

struct JpegLayout {
  JDIMENSION height = 0, width = 0;
  int channels = 0;
  J_COLOR_SPACE stored = JCS_UNKNOWN;
};

bool jpeg_create(j_decompress_ptr info, JpegFailure* failure) {
  if (setjmp(failure->jump)) return false;
  jpeg_create_decompress(info);
  return true;
}

bool jpeg_read_layout(j_decompress_ptr info, JpegFailure* failure, std::FILE* file, JpegLayout* layout) {
  if (setjmp(failure->jump)) return false;
  jpeg_stdio_src(info, file);
  jpeg_read_header(info, TRUE);
  layout->stored = info->jpeg_color_space;
  if (info->jpeg_color_space == JCS_GRAYSCALE) {
    info->out_color_space = JCS_GRAYSCALE;
  } else if (info->jpeg_color_space == JCS_YCbCr || info->jpeg_color_space == JCS_RGB) {
    info->out_color_space = JCS_RGB;
  } else {
    return true;  // CMYK / YCCK: the caller refuses it
  }
  jpeg_calc_output_dimensions(info);
  layout->height = info->output_height;
  layout->width = info->output_width;
  layout->channels = info->output_components;
  return true;
}

bool jpeg_read_rows(j_decompress_ptr info, JpegFailure* failure, JSAMPLE* pixels, size_t row_bytes) {
  if (setjmp(failure->jump)) return false;
  jpeg_start_decompress(info);
  while (info->output_scanline < info->output_height) {
    JSAMPROW row = pixels + info->output_scanline * row_bytes;
    jpeg_read_scanlines(info, &row, 1);
  }
  jpeg_finish_decompress(info);
  return true;
}

class JpegReader {
 public:
  JpegReader(std::FILE* file, const std::string& name) : path_(name), file_(file) {
    info_.err = jpeg_std_error(&failure_.manager);
    failure_.manager.error_exit = on_jpeg_error;
    failure_.manager.emit_message = on_jpeg_message;
    if (!jpeg_create(&info_, &failure_)) {
      throw_internal(path_, std::string("libjpeg could not start: ") + failure_.message);
    }
  }
  ~JpegReader() { jpeg_destroy_decompress(&info_); }
  JpegReader(const JpegReader&) = delete;
  JpegReader& operator=(const JpegReader&) = delete;

  ImageHeader read(std::vector<float>* values) {
    JpegLayout layout;
    if (!jpeg_read_layout(&info_, &failure_, file_, &layout)) fail();
    if (layout.channels == 0) throw_unsupported(path_, "CMYK and YCCK JPEGs are not supported (gray or RGB only)");
    ImageHeader header{layout.height, layout.width, layout.channels, 255.0f};
    if (header.height * header.width > kMaxImagePixels) {
      throw_bad_input(path_, "is " + std::to_string(header.width) + "x" + std::to_string(header.height) +
                                 " pixels; images over 8192x8192 are refused");
    }
    if (values == nullptr) return header;
    const size_t row_bytes = static_cast<size_t>(header.width * header.channels);
    std::vector<JSAMPLE> pixels(row_bytes * static_cast<size_t>(header.height));
    if (!jpeg_read_rows(&info_, &failure_, pixels.data(), row_bytes)) fail();
    values->assign(pixels.begin(), pixels.end());
    return header;
  }

 private:
  [[noreturn]] void fail() const { throw_bad_input(path_, std::string("not a readable JPEG: ") + failure_.message); }

  std::string path_;
  std::FILE* file_ = nullptr;  // the caller's
  JpegFailure failure_{};
  jpeg_decompress_struct info_{};
};

}  // namespace

ImageHeader read_jpeg(std::FILE* file, const std::string& name, std::vector<float>* values) {
  JpegReader reader(file, name);
  return reader.read(values);
}

}  // namespace cerebro::patterns
