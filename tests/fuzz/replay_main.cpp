// Replays a fuzz target's inputs without libFuzzer, so every build (gcc, sanitizers or not) runs the
// committed corpus and regressions as a CTest test:
//   fuzz_<target> CORPUS_DIR [MORE_DIRS...]
// CORPUS_DIR must hold at least one file; further folders may be absent (a target with no
// regression yet has none). Each file is fed once to LLVMFuzzerTestOneInput; a crash, a sanitizer
// report or an escaped exception fails the test.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // a stable order, so a failure is reproducible
  return files;
}

size_t replay(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) {
    std::cerr << file.string() << ": cannot read\n";
    std::exit(1);
  }
  // A copy in a buffer of exactly its size, so ASan catches reads one past the input's end.
  std::vector<uint8_t> input(bytes.begin(), bytes.end());
  LLVMFuzzerTestOneInput(input.data(), input.size());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: " << argv[0] << " CORPUS_DIR [MORE_DIRS...]\n";
    return 2;
  }
  size_t count = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path dir = argv[i];
    if (!std::filesystem::is_directory(dir)) {
      if (i == 1) {
        std::cerr << dir.string() << ": no such corpus folder\n";
        return 1;
      }
      continue;
    }
    size_t here = 0;
    for (const auto& file : files_in(dir)) here += replay(file);
    std::cout << dir.string() << ": " << here << " inputs replayed\n";
    if (i == 1 && here == 0) {
      std::cerr << dir.string() << ": the corpus is empty\n";
      return 1;
    }
    count += here;
  }
  std::cout << count << " inputs replayed, none crashed\n";
  return 0;
}
