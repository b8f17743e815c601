#include "model/layers/merge.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {
namespace {

float combine(MergeOp op, float a, float b) {
  switch (op) {
    case MergeOp::Add:
    case MergeOp::Average: return a + b;
    case MergeOp::Subtract: return a - b;
    case MergeOp::Multiply: return a * b;
    case MergeOp::Maximum: return std::max(a, b);
    case MergeOp::Minimum: return std::min(a, b);
  }
  return a;
}

// For each value of `out`, the index of the value of `in` it reads (`in` right-aligned, its 1s
// stretched), or an empty map when the shapes are equal.
std::vector<int64_t> broadcast_map(const Shape& in, const Shape& out) {
  if (in == out) return {};
  const size_t lead = out.size() - in.size();
  std::vector<int> varying;
  for (size_t d = 0; d < in.size(); ++d) {
    if (in[d] != 1) varying.push_back(static_cast<int>(d + lead));
  }
  return index_over_axes(out, varying);
}

}  // namespace

Shape Merge::infer_shape(std::span<const Shape> inputs) const {
  if (op_ == MergeOp::Subtract) require_inputs(*this, inputs, 2);
  if (inputs.empty()) throw_bad_input(layer_context(*this), "needs at least one input");
  Shape out;
  for (const Shape& in : inputs) {
    if (in.size() > out.size()) out.insert(out.begin(), in.size() - out.size(), 1);
    const size_t lead = out.size() - in.size();
    for (size_t d = 0; d < in.size(); ++d) {
      int64_t& dim = out[d + lead];
      if (in[d] == dim || in[d] == 1) continue;
      if (dim != 1) {
        throw_bad_input(layer_context(*this), "inputs of shapes " + shape_tuple(inputs[0]) + " and " + shape_tuple(in) +
                                                  " do not broadcast");
      }
      dim = in[d];
    }
  }
  return out;
}

void Merge::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const int64_t size = out.pattern_size();
  for (size_t k = 0; k < inputs.size(); ++k) {
    const BatchView& in = inputs[k];
    const std::vector<int64_t> map = broadcast_map(in.shape, out.shape);
    for (int64_t n = 0; n < out.batch; ++n) {
      const float* src = in.data + n * in.pattern_size();
      float* dst = out.data + n * size;
      for (int64_t i = 0; i < size; ++i) {
        const float v = map.empty() ? src[i] : src[map[static_cast<size_t>(i)]];
        dst[i] = k == 0 ? v : combine(op_, dst[i], v);
      }
    }
  }
  if (op_ == MergeOp::Average) {
    const auto count = static_cast<float>(inputs.size());
    for (int64_t i = 0; i < out.batch * size; ++i) out.data[i] /= count;
  }
}

std::unique_ptr<Layer> make_add(const LayerConfig& config) {
  return std::make_unique<Merge>(config.name, config.class_name, MergeOp::Add);
}
std::unique_ptr<Layer> make_subtract(const LayerConfig& config) {
  return std::make_unique<Merge>(config.name, config.class_name, MergeOp::Subtract);
}
std::unique_ptr<Layer> make_multiply(const LayerConfig& config) {
  return std::make_unique<Merge>(config.name, config.class_name, MergeOp::Multiply);
}
std::unique_ptr<Layer> make_average(const LayerConfig& config) {
  return std::make_unique<Merge>(config.name, config.class_name, MergeOp::Average);
}
std::unique_ptr<Layer> make_maximum(const LayerConfig& config) {
  return std::make_unique<Merge>(config.name, config.class_name, MergeOp::Maximum);
}
std::unique_ptr<Layer> make_minimum(const LayerConfig& config) {
  return std::make_unique<Merge>(config.name, config.class_name, MergeOp::Minimum);
}

}  // namespace cerebro::model
