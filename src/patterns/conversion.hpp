#pragma once
// Turning stored patterns into the model's input: layout (channels, size, flattening) and values.
//
// Values: raw -> raw / max (the default: max is 255 for 8-bit data, 65535 for 16-bit PNG, 1 for
// floats, so pixels land in [0, 1]) or raw * S with --scale S -> 1 - x with --invert ->
// (x - mean[c]) / std[c] with --mean/--std (one value, or one per channel of the input's last axis).
// Layout: a stored (H, W) or (H, W, C) image, C 1 or 3, fits a model input (H', W'), (H', W', 1) or
// (H', W', 3): gray is copied into R, G and B; RGB becomes gray with ITU-R BT.601 luma weights
// 0.299 R + 0.587 G + 0.114 B (Pillow's convert("L"),
// https://pillow.readthedocs.io/en/stable/reference/Image.html#PIL.Image.Image.convert); a
// different H, W is resized bilinearly only with --resize. A rank-1 input takes an image of as many
// values flattened in C order. Anything else is an error naming both shapes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/shape.hpp"

namespace cerebro::patterns {

struct PatternOptions {
  bool resize = false;           // --resize: bilinear to the model's height and width
  std::optional<double> scale;   // --scale S: x = raw * S instead of raw / max
  bool invert = false;           // --invert: x -> 1 - x after scaling
  std::vector<double> mean;      // --mean: subtracted after inverting; one value or one per channel
  std::vector<double> std;       // --std: divides after the mean
  int64_t first = 0;             // --first: index of the first pattern used
  std::optional<int64_t> count;  // --count: how many patterns are used (default: all from --first)
};

// Checks --mean/--std against the model input (BadInput naming the option).
void validate_options(const PatternOptions& options, const Shape& input_shape);

// How one stored pattern becomes one model input pattern.
class Converter {
 public:
  // nullopt when `from` cannot become `to` with these options (the caller names both shapes).
  // `max` is the raw value that means 1 (255 for uint8 data; 1 for float data).
  static std::optional<Converter> fit(const Shape& from, float max, const Shape& to, const PatternOptions& options);

  // Fills `out` (element_count(to) values) from `raw` (element_count(from) values).
  void apply(const float* raw, float* out) const;
  // True when the values only change, not their layout: apply may then run in place.
  bool same_layout() const { return !resize_ && from_channels_ == to_channels_; }
  bool resizes() const { return resize_; }
  // "32x32 to 28x28" for the one line a resizing source logs.
  std::string resize_text() const;

 private:
  Converter() = default;
  void transform_values(float* values) const;

  int64_t from_height_ = 0, from_width_ = 0, from_channels_ = 1;
  int64_t to_height_ = 0, to_width_ = 0, to_channels_ = 1;
  bool resize_ = false;
  bool divide_ = true;  // raw / max (exactly what a Keras user's x / 255 computes) or raw * scale
  float factor_ = 1.0f;
  bool invert_ = false;
  std::vector<float> mean_, std_;  // one per input channel, or one value; empty: none
  int64_t last_axis_ = 1;          // the input's last axis, which mean_/std_ index
  mutable std::vector<float> scratch_;
};

// The one-line error for a stored shape that does not fit; `resizable` adds the --resize hint.
[[noreturn]] void throw_misfit(const std::string& context, const Shape& stored, const Shape& input, bool resizable,
                               const std::string& expected);

// True when `from` would fit `to` once --resize is given (for the hint).
bool fits_with_resize(const Shape& from, const Shape& to);

// Bilinear resampling with half-pixel centres and edge clamping, as tf.image.resize(...,
// "bilinear", antialias=False) and OpenCV's INTER_LINEAR: output pixel (y, x) samples the input at
// ((y + 0.5) * h / oh - 0.5, (x + 0.5) * w / ow - 0.5). Channels last.
void resize_bilinear(const float* source, int64_t height, int64_t width, int64_t channels, float* destination,
                     int64_t out_height, int64_t out_width);

// 1 -> 3 copies gray into R, G and B; 3 -> 1 takes BT.601 luma; equal counts copy.
void convert_channels(const float* source, int64_t pixels, int64_t from_channels, int64_t to_channels,
                      float* destination);

}  // namespace cerebro::patterns
