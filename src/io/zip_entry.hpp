#pragma once
// One zip entry read whole (a .keras file's config and weights, an .npz's arrays) without trusting
// the size the archive declares for it: a tiny archive can declare gigabytes.
#include <cstdint>
#include <string>
#include <vector>

struct zip;

namespace cerebro::io {

// Opens the archive at `path` read-only. BadInput naming the path otherwise: "cannot open as
// <what>: " and libzip's reason.
zip* open_zip(const std::string& path, const std::string& what);

// Reads entry `index` of `archive`, which declares `declared` bytes uncompressed (the caller has
// checked that against its own limit). Memory grows with the bytes actually inflated, 16 MiB at a
// time, never with the declared size alone: a 1 KB .keras declaring 1.9 GB used to cost 1.9 GB
// before its entry proved short (tests/fuzz/README.md, finding 4). Errors are BadInput naming
// `where`: the entry cannot be opened or read, is shorter or longer than declared, fails its CRC.
std::vector<char> read_zip_entry(zip* archive, uint64_t index, uint64_t declared, const std::string& where);

}  // namespace cerebro::io
