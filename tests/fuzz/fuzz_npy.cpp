// Fuzz target: the .npy reader, header and values, both ways cerebro reads one: whole from memory
// (io::parse_npy, as .npz entries and reference files are read) and streamed by element range
// through the pattern reader (patterns::open_npy_array, as `--patterns FILE.npy` is read).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "fuzz_util.hpp"
#include "io/npy.hpp"
#include "patterns/array_file.hpp"
#include "patterns/byte_stream.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = cerebro::fuzz::as_text(data, size);
  try {
    const cerebro::io::NpyArray array = cerebro::io::parse_npy(bytes, "fuzz.npy");
    if (static_cast<int64_t>(array.values.size()) != cerebro::element_count(array.shape)) {
      cerebro::throw_internal("fuzz.npy", "parse_npy returned a value count that disagrees with its shape");
    }
  } catch (const cerebro::Error& error) {
    if (error.kind() == cerebro::ErrorKind::Internal) throw;
  }
  try {
    cerebro::patterns::ArrayFile file =
        cerebro::patterns::open_npy_array(cerebro::patterns::open_memory_stream("fuzz.npy", std::string(bytes)));
    cerebro::fuzz::read_all_values(file);
  } catch (const cerebro::Error&) {
  }
  return 0;
}
