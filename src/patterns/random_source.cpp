#include "patterns/random_source.hpp"

#include "core/error.hpp"

namespace cerebro::patterns {
namespace {

// splitmix64: a tiny, well-mixed generator whose stream is the same on every platform (the
// standard distributions are not specified bit for bit).
uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

RandomSource::RandomSource(Shape shape, int64_t count, uint64_t seed)
    : shape_(std::move(shape)), count_(count), seed_(seed) {
  if (count_ <= 0) throw_bad_input("random:" + std::to_string(count_), "the number of patterns must be positive");
}

void RandomSource::read(int64_t first, int64_t n, float* destination) {
  const int64_t size = element_count(shape_);
  for (int64_t p = 0; p < n; ++p) {
    uint64_t state = seed_ * 0x100000001B3ull ^ static_cast<uint64_t>(first + p);
    splitmix64(state);
    for (int64_t i = 0; i < size; ++i) {
      // The top 24 bits give every float in [0, 1) with a step of 2^-24.
      destination[p * size + i] = static_cast<float>(splitmix64(state) >> 40) * 0x1.0p-24f;
    }
  }
}

std::string RandomSource::describe() const {
  return "random:" + std::to_string(count_) + ":" + std::to_string(seed_);
}

}  // namespace cerebro::patterns
