#include "patterns/conversion.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/error.hpp"

namespace cerebro::patterns {
namespace {

struct ImageDims {
  int64_t height, width, channels;
};

// (H, W) is one channel; (H, W, C) with C 1 or 3 is an image; nothing else is.
std::optional<ImageDims> as_image(const Shape& shape) {
  if (shape.size() == 2) return ImageDims{shape[0], shape[1], 1};
  if (shape.size() == 3 && (shape[2] == 1 || shape[2] == 3)) return ImageDims{shape[0], shape[1], shape[2]};
  return std::nullopt;
}

std::vector<float> per_channel(const std::vector<double>& values) {
  std::vector<float> out;
  for (double v : values) out.push_back(static_cast<float>(v));
  return out;
}

// Source positions of one output axis: lower index, upper index and the upper's weight.
struct Tap {
  int64_t low, high;
  float weight;
};

std::vector<Tap> bilinear_taps(int64_t in_size, int64_t out_size) {
  std::vector<Tap> taps(static_cast<size_t>(out_size));
  const double ratio = static_cast<double>(in_size) / static_cast<double>(out_size);
  for (int64_t o = 0; o < out_size; ++o) {
    const double at = std::clamp((static_cast<double>(o) + 0.5) * ratio - 0.5, 0.0, static_cast<double>(in_size - 1));
    const auto low = static_cast<int64_t>(std::floor(at));
    taps[static_cast<size_t>(o)] = {low, std::min(low + 1, in_size - 1),
                                    static_cast<float>(at - static_cast<double>(low))};
  }
  return taps;
}

}  // namespace

void validate_options(const PatternOptions& options, const Shape& input_shape) {
  const int64_t last = input_shape.empty() ? 1 : input_shape.back();
  for (const auto& [name, values] : {std::pair{"--mean", &options.mean}, std::pair{"--std", &options.std}}) {
    if (values->size() > 1 && static_cast<int64_t>(values->size()) != last) {
      throw_bad_input(name, "has " + std::to_string(values->size()) +
                                " values; give one, or one per channel of the model input " + shape_tuple(input_shape) +
                                " (" + std::to_string(last) + ")");
    }
  }
  for (double s : options.std) {
    if (!(s != 0.0) || !std::isfinite(s)) throw_bad_input("--std", "every value must be finite and non-zero");
  }
  if (options.scale && !std::isfinite(*options.scale)) throw_bad_input("--scale", "must be a finite number");
  if (options.first < 0) throw_bad_input("--first", "must be 0 or more");
  if (options.count && *options.count <= 0) throw_bad_input("--count", "must be positive");
}

bool fits_with_resize(const Shape& from, const Shape& to) {
  return as_image(from).has_value() && as_image(to).has_value();
}

std::optional<Converter> Converter::fit(const Shape& from, float max, const Shape& to, const PatternOptions& options) {
  Converter c;
  const std::optional<ImageDims> source = as_image(from);
  const std::optional<ImageDims> target = as_image(to);
  if (from == to || (to.size() == 1 && source && element_count(from) == to[0])) {
    // Same values in the same order (a flattened image included): no layout work.
    c.to_height_ = c.from_height_ = 1;
    c.to_width_ = c.from_width_ = element_count(to);
  } else if (source && target) {
    c.from_height_ = source->height, c.from_width_ = source->width, c.from_channels_ = source->channels;
    c.to_height_ = target->height, c.to_width_ = target->width, c.to_channels_ = target->channels;
    c.resize_ = c.from_height_ != c.to_height_ || c.from_width_ != c.to_width_;
    if (c.resize_ && !options.resize) return std::nullopt;
  } else {
    return std::nullopt;
  }
  c.divide_ = !options.scale.has_value();
  c.factor_ = options.scale ? static_cast<float>(*options.scale) : max;
  c.invert_ = options.invert;
  c.mean_ = per_channel(options.mean);
  c.std_ = per_channel(options.std);
  c.last_axis_ = to.empty() ? 1 : to.back();
  return c;
}

void Converter::apply(const float* raw, float* out) const {
  const int64_t to_size = to_height_ * to_width_ * to_channels_;
  if (same_layout()) {
    if (out != raw) std::memmove(out, raw, static_cast<size_t>(to_size) * sizeof(float));
  } else if (!resize_) {
    convert_channels(raw, from_height_ * from_width_, from_channels_, to_channels_, out);
  } else {
    scratch_.resize(static_cast<size_t>(from_height_ * from_width_ * to_channels_));
    convert_channels(raw, from_height_ * from_width_, from_channels_, to_channels_, scratch_.data());
    resize_bilinear(scratch_.data(), from_height_, from_width_, to_channels_, out, to_height_, to_width_);
  }
  transform_values(out);
}

void Converter::transform_values(float* values) const {
  const int64_t size = to_height_ * to_width_ * to_channels_;
  const bool identity = divide_ && factor_ == 1.0f;
  if (identity && !invert_ && mean_.empty() && std_.empty()) return;
  for (int64_t i = 0; i < size; ++i) {
    float v = identity ? values[i] : divide_ ? values[i] / factor_ : values[i] * factor_;
    if (invert_) v = 1.0f - v;
    if (!mean_.empty()) v -= mean_[mean_.size() == 1 ? 0 : static_cast<size_t>(i % last_axis_)];
    if (!std_.empty()) v /= std_[std_.size() == 1 ? 0 : static_cast<size_t>(i % last_axis_)];
    values[i] = v;
  }
}

std::string Converter::resize_text() const {
  return std::to_string(from_height_) + "x" + std::to_string(from_width_) + " to " + std::to_string(to_height_) + "x" +
         std::to_string(to_width_);
}

void throw_misfit(const std::string& context, const Shape& stored, const Shape& input, bool resizable,
                  const std::string& expected) {
  std::string hint = resizable ? "add --resize to resize images bilinearly" : "expected " + expected;
  throw_bad_input(context, "pattern shape " + shape_tuple(stored) + " does not fit the model input " +
                               shape_tuple(input) + " (" + hint + ")");
}

void resize_bilinear(const float* source, int64_t height, int64_t width, int64_t channels, float* destination,
                     int64_t out_height, int64_t out_width) {
  const std::vector<Tap> rows = bilinear_taps(height, out_height);
  const std::vector<Tap> cols = bilinear_taps(width, out_width);
  for (int64_t y = 0; y < out_height; ++y) {
    const Tap& r = rows[static_cast<size_t>(y)];
    const float* top = source + r.low * width * channels;
    const float* bottom = source + r.high * width * channels;
    for (int64_t x = 0; x < out_width; ++x) {
      const Tap& c = cols[static_cast<size_t>(x)];
      for (int64_t k = 0; k < channels; ++k) {
        const float upper =
            top[c.low * channels + k] + c.weight * (top[c.high * channels + k] - top[c.low * channels + k]);
        const float lower =
            bottom[c.low * channels + k] + c.weight * (bottom[c.high * channels + k] - bottom[c.low * channels + k]);
        destination[(y * out_width + x) * channels + k] = upper + r.weight * (lower - upper);
      }
    }
  }
}

void convert_channels(const float* source, int64_t pixels, int64_t from_channels, int64_t to_channels,
                      float* destination) {
  if (from_channels == to_channels) {
    std::memmove(destination, source, static_cast<size_t>(pixels * to_channels) * sizeof(float));
  } else if (from_channels == 1 && to_channels == 3) {
    for (int64_t p = 0; p < pixels; ++p)
      destination[3 * p] = destination[3 * p + 1] = destination[3 * p + 2] = source[p];
  } else if (from_channels == 3 && to_channels == 1) {
    for (int64_t p = 0; p < pixels; ++p) {
      destination[p] = 0.299f * source[3 * p] + 0.587f * source[3 * p + 1] + 0.114f * source[3 * p + 2];
    }
  } else {
    throw_internal("convert_channels",
                   "cannot convert " + std::to_string(from_channels) + " channels to " + std::to_string(to_channels));
  }
}

}  // namespace cerebro::patterns
