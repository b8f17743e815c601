// Fuzz target: the image reader, PNG (libpng) and JPEG (libjpeg-turbo) through cerebro's decoding
// path (format sniffed from the first bytes, size limits, longjmp error handling).
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/error.hpp"
#include "fuzz_util.hpp"
#include "patterns/image_decode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cerebro::patterns;
  const std::string_view bytes = cerebro::fuzz::as_text(data, size);
  // As a pattern folder does: anything that does not start like a PNG or a JPEG is skipped.
  const std::optional<ImageFormat> format = sniff_image_format(bytes.substr(0, 8));
  if (!format) return 0;
  try {
    const DecodedImage image = decode_image(bytes, "fuzz.img", *format);
    const ImageHeader& h = image.header;
    if (h.height <= 0 || h.width <= 0 || (h.channels != 1 && h.channels != 3) ||
        static_cast<int64_t>(image.values.size()) != h.height * h.width * h.channels) {
      cerebro::throw_internal("fuzz.img", "decoded image disagrees with its header");
    }
  } catch (const cerebro::Error& error) {
    if (error.kind() == cerebro::ErrorKind::Internal) throw;
  }
  return 0;
}
