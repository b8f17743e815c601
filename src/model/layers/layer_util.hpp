#pragma once
// Helpers the layer kinds share: error context, config parsing of Keras' int-or-tuple values and
// axes, and index maps for broadcasting per-axis parameters over a pattern.
#include <array>
#include <string>
#include <vector>

#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// "layer 'name' (Class)": the context of shape errors, raised before the file name is known.
std::string layer_context(const Layer& layer);

// Throws BadInput naming the layer unless there are exactly `count` inputs.
void require_inputs(const Layer& layer, std::span<const Shape> inputs, size_t count);

// The single input of a channels_last layer with `spatial` spatial axes: (steps, channels) for 1,
// (height, width, channels) for 2. Throws BadInput naming the layer otherwise.
const Shape& require_spatial_input(const Layer& layer, std::span<const Shape> inputs, int spatial);

// Keras stores kernel sizes, strides and the like as an int or a list of `rank` ints. Absent or
// null gives `fallback` (which must have `rank` values).
std::vector<int64_t> int_tuple(const LayerConfig& config, const char* key, size_t rank,
                               const std::vector<int64_t>& fallback);

// A list of ints, or a single int read as a list of one. Absent or null gives `fallback`.
std::vector<int64_t> int_list(const LayerConfig& config, const char* key, const std::vector<int64_t>& fallback);

// Cells to add or remove before and after each spatial axis: {{top, bottom}, {left, right}}; a
// 1-D layer uses the second pair only. Keras accepts an int (all sides), a pair of ints
// (symmetric per axis, 2-D) or [[top, bottom], [left, right]]; for 1-D an int or [left, right].
using EdgePairs = std::array<std::array<int64_t, 2>, 2>;
EdgePairs edge_pairs(const LayerConfig& config, const char* key, int rank);

// Convolution, pooling and resampling layers support channels_last only; channels_first is a
// one-line Unsupported error naming the layer and its class.
void require_channels_last(const LayerConfig& config);

// A Keras axis (it counts the batch axis as 0; negative counts from the end) as an index into a
// pattern's shape of rank `rank`. The batch axis itself, or an axis out of range, is BadInput.
int keras_axis_to_pattern(int64_t axis, size_t rank, const std::string& context);

// For each value of a pattern of `shape` (C order), its row-major index over only the axes in
// `axes` (sorted, distinct). With axes = the axes a parameter varies along, this maps every value
// to its parameter; with the complementary axes, to the group it is reduced with.
std::vector<int64_t> index_over_axes(const Shape& shape, const std::vector<int>& axes);

// Copies a batch unchanged (layers whose output is their input).
void copy_batch(const BatchView& in, const MutableBatchView& out);

}  // namespace cerebro::model
