#pragma once
// A pattern set you can index: pattern i of N, each of the model input's shape, read in batches
// so a large file is streamed, never loaded whole.
#include <cstdint>
#include <memory>
#include <string>

#include "core/shape.hpp"
#include "patterns/conversion.hpp"

namespace cerebro::patterns {

class PatternSource {
 public:
  virtual ~PatternSource() = default;
  virtual int64_t count() const = 0;
  virtual const Shape& shape() const = 0;
  // Writes patterns [first, first + n) as float32 into `destination` (n x shape values).
  virtual void read(int64_t first, int64_t n, float* destination) = 0;
  // One line for logs and sidecars: "random:1:0", "digits.npy".
  virtual std::string describe() const = 0;
};

// Opens a pattern set for a model input of `input_shape`:
//   random[:N[:SEED]]  N uniform [0, 1) patterns (the article's np.random.sample), default N=1, SEED=0
//   PATH.npy           float32, float64 or uint8, C order, shape (N, *stored) or *stored (gzipped too)
//   PATH.npz[:NAME]    the array NAME of an .npz (np.savez or np.savez_compressed), or its only array
//   IDX file           MNIST's format, plain or gzipped (t10k-images-idx3-ubyte.gz): (N, rows, cols)
//   PNG or JPEG file   one pattern
//   folder             its PNG and JPEG files sorted by name, one pattern each; other files are
//                      skipped with one warning
// Files are recognised by their first bytes, not their names. The stored shape must fit the input
// as conversion.hpp describes (uint8 data and 8-bit images are divided by 255 unless --scale says
// otherwise); a spec that does not fit is a BadInput error naming it (and both shapes on a mismatch).
std::unique_ptr<PatternSource> open_patterns(const std::string& spec, const Shape& input_shape,
                                             const PatternOptions& options = {});

}  // namespace cerebro::patterns
