// The fuzzing findings fixed in our code, each checked for its exact outcome (the replay tests only
// check that nothing crashes). README.md records how each was found.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/hdf5.hpp"
#include "io/io_test_util.hpp"
#include "support/test_support.hpp"
#include "io/keras/keras_archive.hpp"
#include "io/keras/keras_v3.hpp"
#include "io/keras/model_spec.hpp"
#include "io/npz.hpp"

namespace cerebro::io {
namespace {

using test::expect_error;

std::string regression(const std::string& relative) {
  const std::filesystem::path path = std::filesystem::path(CEREBRO_FUZZ_REGRESSIONS) / relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Finding 1: a Functional config whose "trainable" is a number escaped as nlohmann's type_error
// (the CLI's "internal error", exit 1). It now reads as the Sequential parser always read it: only
// `false` freezes the model.
TEST(FuzzFindings, NonBooleanTrainableNoLongerEscapesAsTypeError) {
  const nlohmann::json config = nlohmann::json::parse(regression("keras_json/functional_trainable_not_bool.json"));
  ASSERT_TRUE(config["config"]["trainable"].is_number());
  const auto spec = parse_model(config, KerasContext{"model.json", "", 3});
  EXPECT_TRUE(spec->trainable);
}

// The same config with a boolean is a valid one-layer model: the fix refuses only the bad value.
TEST(FuzzFindings, BooleanTrainableStillParses) {
  nlohmann::json config = nlohmann::json::parse(regression("keras_json/functional_trainable_not_bool.json"));
  config["config"]["trainable"] = false;
  const auto spec = parse_model(config, KerasContext{"model.json", "", 3});
  EXPECT_FALSE(spec->trainable);
  ASSERT_EQ(spec->layers.size(), 1u);
  EXPECT_EQ(spec->layers[0].keras_class, "InputLayer");
}

std::vector<char> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

// Finding 3 (README.md): a few-KB file declaring a 40000x10000 float32 dataset it does not store made
// read_floats allocate 1.6 GB; it is refused before allocating, naming the dataset.
TEST(FuzzFindings, DatasetLargerThanItsStorageIsRefusedBeforeAllocating) {
  const std::string image = regression("hdf5/unstored_huge_dataset.h5");
  ASSERT_LT(image.size(), 8192u);
  const H5File file("w.h5", bytes_of(image));
  expect_error([&] { file.read_floats("/model_weights/dense/kernel:0"); }, ErrorKind::BadInput,
               {"w.h5: /model_weights/dense/kernel:0", "declares 1600000000 bytes of values but the file stores 0"});
}

// The fuzzer's own inputs for that finding (one declares a float 4 GB wide, which made HDF5's
// conversion buffers exhaust memory) are refused by the new checks before anything is read.
TEST(FuzzFindings, FuzzerInputsOfTheHugeDatasetFindingAreRefusedBeforeReading) {
  for (const char* name : {"hdf5/oom_read_floats_1.h5", "hdf5/oom_read_floats_2.h5"}) {
    const H5File file(name, bytes_of(regression(name)));
    std::string messages;
    for (const std::string& child : file.children("/layers/dense/vars")) {
      try {
        file.read_floats("/layers/dense/vars/" + child);
      } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::BadInput) << e.what();
        messages += std::string(e.what()) + "\n";
      }
    }
    const bool checked = messages.find("declares") != std::string::npos ||
                         messages.find("unsupported float width") != std::string::npos;
    EXPECT_TRUE(checked) << name << ":\n" << messages;
  }
}

// Real weights still load: the storage check passes stored (and compressed) datasets.
TEST(FuzzFindings, StoredDatasetsStillRead) {
  const H5File file("s.h5", bytes_of(regression("../corpus/hdf5/split_attributes.h5")));
  const FloatArray chunked = file.read_floats("/a/chunked");
  EXPECT_EQ(chunked.shape, (Shape{4, 4}));
  EXPECT_EQ(chunked.values, std::vector<float>(16, 1.0f));
  const FloatArray plain = file.read_floats("/layers/dense/vars/0");
  EXPECT_EQ(plain.shape, (Shape{2, 3}));
}

// The peak resident memory of this process so far, in KiB (CTest runs each test in its own process).
long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Finding 4: a 1 KB .keras whose model.weights.h5 declares 1.9 GB (under the 2 GiB limit) made
// KerasArchive::read allocate and zero 1.9 GB before finding the entry short. Now memory follows
// the bytes actually inflated.
TEST(FuzzFindings, ZipEntryDeclaringGigabytesCostsOnlyWhatItHolds) {
  const std::string bytes = regression("keras_zip/declared_1900MB.keras");
  ASSERT_LT(bytes.size(), 2048u);
  const long before = peak_rss_kib();
  const KerasArchive archive("big.keras", bytes);
  expect_error([&] { archive.read("model.weights.h5", kMaxWeightsBytes); }, ErrorKind::BadInput,
               {"big.keras: entry 'model.weights.h5'", "is shorter than it declares"});
  EXPECT_LT(peak_rss_kib() - before, 256 * 1024) << "KiB of peak memory growth";
}

// The same for an .npz entry read whole (io::read_npz, as reference files are read).
TEST(FuzzFindings, NpzEntryDeclaringGigabytesCostsOnlyWhatItHolds) {
  testing::TempDir dir;
  const std::filesystem::path path = dir / "big.npz";
  testing::write_bytes(path, regression("npz/declared_1900MB.npz"));
  const long before = peak_rss_kib();
  expect_error([&] { read_npz(path); }, ErrorKind::BadInput, {"big.npz: entry 'x.npy'", "is shorter than it declares"});
  EXPECT_LT(peak_rss_kib() - before, 256 * 1024) << "KiB of peak memory growth";
}

// Entries that hold what they declare still read whole, stored or deflated.
TEST(FuzzFindings, ZipEntriesThatHoldWhatTheyDeclareStillRead) {
  for (const char* name : {"made0_0.keras", "made0_8.keras"}) {  // stored, deflated
    const KerasArchive archive(name, regression(std::string("../corpus/keras_zip/") + name));
    const std::vector<char> config = archive.read("config.json", kMaxConfigBytes);
    EXPECT_TRUE(nlohmann::json::parse(config.begin(), config.end()).is_object()) << name;
    const std::vector<char> weights = archive.read("model.weights.h5", kMaxWeightsBytes);
    ASSERT_GE(weights.size(), 8u) << name;
    EXPECT_EQ(std::string(weights.data(), 8), std::string("\x89HDF\r\n\x1a\n", 8)) << name;
  }
}

}  // namespace
}  // namespace cerebro::io
