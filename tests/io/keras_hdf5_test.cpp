// The HDF5 reading Keras files need, on files h5py and Keras wrote: attributes split over name0,
// name1, ..., files opened from memory (the weights inside a .keras zip), group listings.
#include <gtest/gtest.h>

#include "io/hdf5.hpp"
#include "io_test_util.hpp"
#include "support/test_support.hpp"

namespace cerebro::io {
namespace {

const std::string kChunked = "chunked_names_keras3.h5";  // Keras split its lists with a 64-byte limit

std::vector<char> file_bytes(const std::filesystem::path& path) {
  const std::string text = testing::read_text(path);
  return std::vector<char>(text.begin(), text.end());
}

TEST(H5File, JoinsListsSplitOverNumberedAttributes) {
  const H5File file(testing::fixture(kChunked).string());
  ASSERT_FALSE(file.has_attribute("/model_weights", "layer_names"));
  ASSERT_TRUE(file.has_attribute("/model_weights", "layer_names1"));
  const std::vector<std::string> expected{"a_rather_long_layer_name_number_0", "a_rather_long_layer_name_number_1",
                                          "a_rather_long_layer_name_number_2", "a_rather_long_layer_name_number_3"};
  EXPECT_EQ(file.string_list_attribute("/model_weights", "layer_names"), expected);
  EXPECT_EQ(file.string_list_attribute("/model_weights/a_rather_long_layer_name_number_0", "weight_names"),
            (std::vector<std::string>{"chunked_names/a_rather_long_layer_name_number_0/kernel",
                                      "chunked_names/a_rather_long_layer_name_number_0/bias"}));
  test::expect_error([&] { file.string_list_attribute("/model_weights", "nothing"); }, ErrorKind::BadInput,
                     {kChunked, "attribute 'nothing'", "missing"});
}

TEST(H5File, OpensAnImageInMemoryLikeTheFile) {
  const std::filesystem::path path = testing::fixture(kChunked);
  const H5File on_disk(path.string());
  const H5File in_memory("image of " + path.filename().string(), file_bytes(path));
  const std::string kernel = "/model_weights/a_rather_long_layer_name_number_1/chunked_names/"
                             "a_rather_long_layer_name_number_1/kernel";
  const FloatArray a = on_disk.read_floats(kernel);
  const FloatArray b = in_memory.read_floats(kernel);
  EXPECT_EQ(b.shape, (Shape{6, 5}));
  EXPECT_EQ(a.shape, b.shape);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(in_memory.string_attribute("/", "keras_version"), on_disk.string_attribute("/", "keras_version"));
}

TEST(H5File, TruncatedImageIsBadInput) {
  std::vector<char> bytes = file_bytes(testing::fixture(kChunked));
  bytes.resize(bytes.size() / 3);
  test::expect_error([&] { H5File("cut.h5", std::move(bytes)); }, ErrorKind::BadInput, {"cut.h5"});
  test::expect_error([&] { H5File("text.h5", std::vector<char>{'h', 'i'}); }, ErrorKind::BadInput,
                     {"text.h5", "not an HDF5 file"});
}

TEST(H5File, ListsGroupChildrenInNameOrder) {
  const H5File file(testing::fixture("wo_keras3.weights.h5").string());
  EXPECT_EQ(file.children("/layers"), (std::vector<std::string>{"dense", "dense_1", "dense_2", "dropout", "input_layer"}));
  EXPECT_EQ(file.children("/layers/dense/vars"), (std::vector<std::string>{"0", "1"}));
  EXPECT_TRUE(file.children("/layers/dense/vars/0").empty());  // a dataset
  EXPECT_TRUE(file.children("/nothing").empty());
}

}  // namespace
}  // namespace cerebro::io
