#include "model/layers/reshape.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "model/layers/layer_util.hpp"

namespace cerebro::model {

Shape Reshape::infer_shape(std::span<const Shape> inputs) const {
  require_inputs(*this, inputs, 1);
  const int64_t count = element_count(inputs[0]);
  Shape out = target_;
  int64_t known = 1;
  for (int64_t d : out) known *= d == -1 ? 1 : d;
  const auto unknown = std::find(out.begin(), out.end(), -1);
  if (unknown != out.end() && known > 0 && count % known == 0) *unknown = count / known;
  if (element_count(out) != count) {
    throw_bad_input(layer_context(*this), "cannot reshape " + shape_tuple(inputs[0]) + " (" + std::to_string(count) +
                                              " values) to " + shape_tuple(target_));
  }
  return out;
}

void Reshape::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  copy_batch(inputs[0], out);
}

std::unique_ptr<Layer> make_reshape(const LayerConfig& config) {
  const std::vector<int64_t> target = int_list(config, "target_shape", {});
  if (target.empty()) throw_bad_input(config.context(), "config has no target_shape");
  if (std::count(target.begin(), target.end(), -1) > 1 ||
      std::any_of(target.begin(), target.end(), [](int64_t d) { return d == 0 || d < -1; })) {
    throw_bad_input(config.context(), "target_shape must hold positive sizes and at most one -1");
  }
  return std::make_unique<Reshape>(config.name, target);
}

}  // namespace cerebro::model
