// .npz archives written by NumPy's zip layout (tests/fixtures/npy) and the Keras reference
// activations (tests/fixtures/ref), stored and deflated.
#include "io/npz.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "io/io_test_util.hpp"
#include "support/test_support.hpp"

namespace cerebro::io {
namespace {

using test::expect_error;

std::string npy_fixture(const std::string& name) { return testing::fixture("npy/" + name).string(); }

void expect_known_arrays(const NpyArray& a, const NpyArray& b, const NpyArray& c) {
  EXPECT_EQ(a.shape, (Shape{2, 3}));
  EXPECT_EQ(a.dtype, NpyDtype::Float32);
  EXPECT_EQ(a.values, (std::vector<double>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(b.shape, Shape{4});
  EXPECT_EQ(b.dtype, NpyDtype::Float64);
  EXPECT_EQ(b.values, (std::vector<double>{0, 0.125, 0.25, 0.375}));
  EXPECT_EQ(c.shape, Shape{5});
  EXPECT_EQ(c.dtype, NpyDtype::UInt8);
  EXPECT_EQ(c.values, (std::vector<double>{0, 1, 2, 3, 4}));
}

TEST(Npz, ListsNamesWithoutSuffixInArchiveOrder) {
  for (const char* name : {"stored.npz", "compressed.npz"}) {
    EXPECT_EQ(npz_names(npy_fixture(name)), (std::vector<std::string>{"a", "b", "c"})) << name;
  }
}

TEST(Npz, ReadsStoredAndDeflatedEntriesByName) {
  for (const char* name : {"stored.npz", "compressed.npz"}) {
    SCOPED_TRACE(name);
    const std::string path = npy_fixture(name);
    expect_known_arrays(read_npz_array(path, "a"), read_npz_array(path, "b.npy"), read_npz_array(path, "c"));
  }
}

TEST(Npz, ReadsEveryArray) {
  for (const char* name : {"stored.npz", "compressed.npz"}) {
    SCOPED_TRACE(name);
    const auto arrays = read_npz(npy_fixture(name));
    ASSERT_EQ(arrays.size(), 3u);
    expect_known_arrays(arrays.at("a"), arrays.at("b"), arrays.at("c"));
  }
}

TEST(Npz, AgreesWithTheKerasReferenceFiles) {
  // The reference npz holds the input layer's output, which is the input file's content: two
  // readers (streamed .npy, zipped .npz) must agree on the same NumPy-written values.
  const auto dir = testing::fixture("ref");
  const auto npz = dir / "activations_tfkeras.h5.npz";
  const std::vector<std::string> names = npz_names(npz);
  ASSERT_EQ(names.size(), 7u);
  EXPECT_EQ(names.front(), "d1_input");
  EXPECT_EQ(names.back(), "act_softmax");

  const NpyReader input((dir / "activations_tfkeras.h5.input.npy").string());
  std::vector<float> input_values(static_cast<size_t>(input.element_count()));
  input.read(0, input.element_count(), input_values.data());
  const auto arrays = read_npz(npz);
  const NpyArray& d1_input = arrays.at("d1_input");
  EXPECT_EQ(d1_input.shape, input.shape());
  EXPECT_EQ(testing::relative_error(input_values, d1_input.values), 0.0);

  // Softmax rows sum to one: the values are real activations, not zeros.
  const NpyArray& softmax = arrays.at("act_softmax");
  ASSERT_EQ(softmax.shape, (Shape{3, 6}));
  for (size_t row = 0; row < 3; ++row) {
    double sum = 0;
    for (size_t k = 0; k < 6; ++k) sum += softmax.values[row * 6 + k];
    EXPECT_NEAR(sum, 1.0, 1e-6);
  }
}

TEST(Npz, NamesTheFileAndTheEntryInErrors) {
  const std::string bad = npy_fixture("bad_entry.npz");
  EXPECT_EQ(read_npz_array(bad, "ok").values, (std::vector<double>{0, 1}));
  expect_error([&] { read_npz_array(bad, "ints"); }, ErrorKind::BadInput,
               {bad + ": ", "entry 'ints.npy'", "dtype '<i8' is not supported"});
  expect_error([&] { read_npz(bad); }, ErrorKind::BadInput, {bad + ": ", "entry 'ints.npy'"});

  const std::string stored = npy_fixture("stored.npz");
  expect_error([&] { read_npz_array(stored, "zz"); }, ErrorKind::BadInput,
               {stored + ": ", "no array 'zz'", "a, b, c"});
}

TEST(Npz, RefusesHugeEntriesBeforeInflating) {
  const std::string huge = npy_fixture("huge_declared.npz");
  expect_error([&] { read_npz_array(huge, "huge"); }, ErrorKind::BadInput,
               {huge + ": ", "entry 'huge.npy'", "3221225472 bytes", "over 2 GiB"});
}

TEST(Npz, RefusesFilesThatAreNotArchives) {
  const std::string npy = npy_fixture("f4_1d.npy");
  expect_error([&] { npz_names(npy); }, ErrorKind::BadInput, {npy + ": ", "cannot open as .npz"});
  testing::TempDir dir;
  const std::string missing = (dir / "missing.npz").string();
  expect_error([&] { read_npz(missing); }, ErrorKind::BadInput, {missing + ": ", "cannot open as .npz"});

  // A zip whose entry is cut short: the archive opens but the entry cannot be read whole.
  const std::string bytes = testing::read_text(npy_fixture("compressed.npz"));
  const std::string cut = (dir / "cut.npz").string();
  testing::write_bytes(cut, bytes.substr(0, bytes.size() / 2));
  expect_error([&] { read_npz(cut); }, ErrorKind::BadInput, {cut + ": "});
}

}  // namespace
}  // namespace cerebro::io
