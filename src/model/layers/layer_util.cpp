#include "model/layers/layer_util.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace cerebro::model {

std::string layer_context(const Layer& layer) {
  return "layer '" + layer.name() + "' (" + layer.keras_class() + ")";
}

void require_inputs(const Layer& layer, std::span<const Shape> inputs, size_t count) {
  if (inputs.size() != count) {
    throw_bad_input(layer_context(layer), "needs exactly " + std::to_string(count) + " input" +
                                              (count == 1 ? "" : "s") + ", got " + std::to_string(inputs.size()));
  }
}

const Shape& require_spatial_input(const Layer& layer, std::span<const Shape> inputs, int spatial) {
  require_inputs(layer, inputs, 1);
  if (inputs[0].size() != static_cast<size_t>(spatial) + 1) {
    throw_bad_input(layer_context(layer), std::string("needs inputs of shape ") +
                                              (spatial == 2 ? "(height, width, channels)" : "(steps, channels)") +
                                              " per pattern, got " + shape_tuple(inputs[0]));
  }
  return inputs[0];
}

std::vector<int64_t> int_tuple(const LayerConfig& config, const char* key, size_t rank,
                               const std::vector<int64_t>& fallback) {
  if (!config.has(key)) return fallback;
  const nlohmann::json& value = config.config.at(key);
  if (value.is_number_integer()) return std::vector<int64_t>(rank, value.get<int64_t>());
  if (!value.is_array() || value.size() != rank ||
      !std::all_of(value.begin(), value.end(), [](const nlohmann::json& v) { return v.is_number_integer(); })) {
    throw_bad_input(config.context(), std::string("config key '") + key + "' must be an integer or a list of " +
                                          std::to_string(rank) + " integers");
  }
  return value.get<std::vector<int64_t>>();
}

std::vector<int64_t> int_list(const LayerConfig& config, const char* key, const std::vector<int64_t>& fallback) {
  if (!config.has(key)) return fallback;
  const nlohmann::json& value = config.config.at(key);
  if (value.is_number_integer()) return {value.get<int64_t>()};
  if (!value.is_array() ||
      !std::all_of(value.begin(), value.end(), [](const nlohmann::json& v) { return v.is_number_integer(); })) {
    throw_bad_input(config.context(), std::string("config key '") + key + "' must be an integer or a list of integers");
  }
  return value.get<std::vector<int64_t>>();
}

namespace {

bool is_int_pair(const nlohmann::json& value) {
  return value.is_array() && value.size() == 2 && value[0].is_number_integer() && value[1].is_number_integer();
}

}  // namespace

EdgePairs edge_pairs(const LayerConfig& config, const char* key, int rank) {
  if (!config.has(key)) throw_bad_input(config.context(), std::string("config has no '") + key + "'");
  const nlohmann::json& value = config.config.at(key);
  EdgePairs pairs{};
  if (value.is_number_integer()) {
    const auto n = value.get<int64_t>();
    pairs = {{{rank == 2 ? n : 0, rank == 2 ? n : 0}, {n, n}}};
  } else if (rank == 1 && is_int_pair(value)) {
    pairs[1] = {value[0].get<int64_t>(), value[1].get<int64_t>()};
  } else if (rank == 2 && is_int_pair(value)) {
    pairs = {{{value[0].get<int64_t>(), value[0].get<int64_t>()}, {value[1].get<int64_t>(), value[1].get<int64_t>()}}};
  } else if (rank == 2 && value.is_array() && value.size() == 2 && is_int_pair(value[0]) && is_int_pair(value[1])) {
    pairs = {{{value[0][0].get<int64_t>(), value[0][1].get<int64_t>()},
              {value[1][0].get<int64_t>(), value[1][1].get<int64_t>()}}};
  } else {
    throw_bad_input(config.context(), std::string("config key '") + key + "' has an unknown form");
  }
  for (const auto& pair : pairs) {
    if (pair[0] < 0 || pair[1] < 0) throw_bad_input(config.context(), std::string(key) + " must not be negative");
  }
  return pairs;
}

void require_channels_last(const LayerConfig& config) {
  const std::string format = config.get_string("data_format", "channels_last");
  if (format != "channels_last") {
    throw_unsupported(config.context(), "data_format '" + format + "' is not supported (only channels_last)");
  }
}

int keras_axis_to_pattern(int64_t axis, size_t rank, const std::string& context) {
  const auto full_rank = static_cast<int64_t>(rank) + 1;  // with the batch axis
  const int64_t positive = axis < 0 ? axis + full_rank : axis;
  if (positive == 0) throw_bad_input(context, "axis " + std::to_string(axis) + " is the batch axis");
  if (positive < 0 || positive >= full_rank) {
    throw_bad_input(context, "axis " + std::to_string(axis) + " is out of range for inputs of rank " +
                                 std::to_string(rank) + " (plus the batch axis)");
  }
  return static_cast<int>(positive - 1);
}

std::vector<int64_t> index_over_axes(const Shape& shape, const std::vector<int>& axes) {
  // weight[d]: how far the index moves per step along axis d (0 for axes not listed).
  Shape weight(shape.size(), 0);
  int64_t stride = 1;
  for (auto it = axes.rbegin(); it != axes.rend(); ++it) {
    weight[static_cast<size_t>(*it)] = stride;
    stride *= shape[static_cast<size_t>(*it)];
  }
  // Fill the index for the axes from the last to the first: the values of a pattern in C order
  // repeat the block of the inner axes shape[d] times, each time shifted by weight[d].
  std::vector<int64_t> index{0};
  index.reserve(static_cast<size_t>(element_count(shape)));
  for (size_t d = shape.size(); d > 0; --d) {
    const size_t block = index.size();
    for (int64_t step = 1; step < shape[d - 1]; ++step) {
      for (size_t i = 0; i < block; ++i) index.push_back(index[i] + step * weight[d - 1]);
    }
  }
  return index;
}

void copy_batch(const BatchView& in, const MutableBatchView& out) {
  std::copy_n(in.data, in.batch * in.pattern_size(), out.data);
}

}  // namespace cerebro::model
