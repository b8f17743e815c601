#pragma once
// Emulation shim for CUB's DeviceRadixSort::SortKeys (DoubleBuffer form): a stable sort on the
// same key bits, which is what an LSD radix sort over [begin_bit, end_bit) produces. It keeps the
// API's contract: a size query first, temp storage at least that large, the result in
// keys.Current() after the selector flips. https://nvidia.github.io/cccl/cub/api/structcub_1_1DeviceRadixSort.html
#include <cuda_runtime_api.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "cerebro_emulation.hpp"

namespace cub {

template <typename Key>
struct DoubleBuffer {
  Key* d_buffers[2];
  int selector = 0;
  DoubleBuffer(Key* current, Key* alternate) : d_buffers{current, alternate} {}
  Key* Current() { return d_buffers[selector]; }
  Key* Alternate() { return d_buffers[selector ^ 1]; }
};

struct DeviceRadixSort {
  // Grows with the item count, as CUB's does, so temp storage sized for fewer items is refused.
  template <typename Key>
  static std::size_t temp_bytes_for(long long items) {
    return 1024 + static_cast<std::size_t>(items > 0 ? items : 0) * sizeof(Key) / 8;
  }

  template <typename Key, typename Items>
  static cudaError_t SortKeys(void* temp, std::size_t& temp_bytes, DoubleBuffer<Key>& keys, Items items, int begin_bit,
                              int end_bit, cudaStream_t stream = nullptr) {
    const std::size_t needed = temp_bytes_for<Key>(static_cast<long long>(items));
    if (temp == nullptr) {
      temp_bytes = needed;
      return cudaSuccess;
    }
    if (temp_bytes < needed || begin_bit < 0 || end_bit > static_cast<int>(8 * sizeof(Key)) || begin_bit > end_bit) {
      return cudaErrorInvalidValue;
    }
    const Key high = end_bit >= static_cast<int>(8 * sizeof(Key)) ? ~Key{0} : (Key{1} << end_bit) - 1;
    const Key mask = high & ~((Key{1} << begin_bit) - 1);
    Key* from = keys.Current();
    Key* to = keys.Alternate();
    const auto count = static_cast<std::ptrdiff_t>(items);
    cerebro::emulation::enqueue(stream, [from, to, count, mask] {
      std::vector<Key> sorted(from, from + count);
      std::stable_sort(sorted.begin(), sorted.end(), [mask](Key a, Key b) { return (a & mask) < (b & mask); });
      std::copy(sorted.begin(), sorted.end(), to);
    });
    keys.selector ^= 1;
    return cudaSuccess;
  }
};

}  // namespace cub
