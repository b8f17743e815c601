// Fuzz target: NumPy's .npz (a zip of .npy files, libzip) through both of its readers: io::read_npz
// (every array whole, as reference files are read) and patterns::open_zip_entry_stream with
// open_npy_array (arrays streamed by element range, as `--patterns FILE.npz:NAME` reads them).
// Both take paths: the input goes through a memfd, so nothing is written to disk.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "fuzz_util.hpp"
#include "io/npz.hpp"
#include "patterns/array_file.hpp"
#include "patterns/byte_stream.hpp"

namespace {

using cerebro::fuzz::attempt;

constexpr size_t kMaxStreamed = 4;  // arrays streamed per input; each costs a zip open

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const cerebro::fuzz::MemFd file(cerebro::fuzz::as_text(data, size));
  const std::string path = file.path();
  attempt([&] { cerebro::io::read_npz(path); });
  std::vector<std::string> names;
  attempt([&] { names = cerebro::io::npz_names(path); });
  for (size_t i = 0; i < names.size() && i < kMaxStreamed; ++i) {
    attempt([&] {
      cerebro::patterns::ArrayFile array =
          cerebro::patterns::open_npy_array(cerebro::patterns::open_zip_entry_stream(path, names[i]));
      cerebro::fuzz::read_all_values(array);
    });
  }
  return 0;
}
