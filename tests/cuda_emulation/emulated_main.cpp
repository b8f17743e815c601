// main() of the emulated CUDA test binaries: the real tests/compute sources' gtest main, with the
// tests the emulation cannot stand for (GL interop: README.md says why) always filtered out, so a
// plain run or ctest's discovery never reports them as passed. The exclusions come from CMake
// (kEmulationExcluded, gtest filter patterns separated by ':', one generated source per binary).
#include <gtest/gtest.h>

#include <string>

namespace cerebro::testing {
extern const char* const kEmulationExcluded;
}  // namespace cerebro::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const std::string excluded = cerebro::testing::kEmulationExcluded;
  if (!excluded.empty()) {
    std::string filter = GTEST_FLAG_GET(filter);
    // "positive[-negative]": the exclusions join the negative patterns, or start them.
    filter += (filter.find('-') == std::string::npos ? "-" : ":") + excluded;
    GTEST_FLAG_SET(filter, filter);
  }
  return RUN_ALL_TESTS();
}
