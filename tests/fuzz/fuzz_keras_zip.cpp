// Fuzz target: the .keras zip container (libzip through io::KerasArchive): open the archive from
// memory, read and parse config.json and metadata.json, then read model.weights.h5's bytes with
// their size and CRC checks. The weights are not opened as HDF5 here (fuzz_hdf5 does that).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "fuzz_util.hpp"
#include "io/keras/keras_archive.hpp"
#include "io/keras/keras_v3.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cerebro::io;
  try {
    const KerasArchive archive("fuzz.keras", std::string(cerebro::fuzz::as_text(data, size)));
    const KerasArchiveContents contents = read_keras_config(archive);
    if (!contents.config.is_object()) cerebro::throw_internal("fuzz.keras", "config.json accepted but not an object");
    if (archive.has("model.weights.h5")) archive.read("model.weights.h5", kMaxWeightsBytes);
  } catch (const cerebro::Error& error) {
    if (error.kind() == cerebro::ErrorKind::Internal) throw;
  }
  return 0;
}
