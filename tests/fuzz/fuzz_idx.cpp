// Fuzz target: the IDX reader (MNIST's format), header and values. A plain input goes through an
// in-memory stream; an input starting with gzip's magic goes through the real file path
// (open_file_stream: zlib's gzFile), on a memfd so nothing is written to disk.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "fuzz_util.hpp"
#include "patterns/array_file.hpp"
#include "patterns/byte_stream.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = cerebro::fuzz::as_text(data, size);
  try {
    std::unique_ptr<cerebro::patterns::ByteStream> stream;
    std::unique_ptr<cerebro::fuzz::MemFd> memfd;
    if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
      memfd = std::make_unique<cerebro::fuzz::MemFd>(bytes);
      stream = cerebro::patterns::open_file_stream(memfd->path());
    } else {
      stream = cerebro::patterns::open_memory_stream("fuzz.idx", std::string(bytes));
    }
    cerebro::patterns::ArrayFile file = cerebro::patterns::open_idx_array(std::move(stream));
    cerebro::fuzz::read_all_values(file);
  } catch (const cerebro::Error& error) {
    if (error.kind() == cerebro::ErrorKind::Internal) throw;
  }
  return 0;
}
