#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// Keras Softmax layer over `axis` (default -1; Keras axes count the batch axis as 0). A list of
// adjacent axes is one softmax over their joint values.
class Softmax final : public Layer {
 public:
  Softmax(std::string name, std::vector<int64_t> keras_axes)
      : Layer(std::move(name), "Softmax"), keras_axes_(std::move(keras_axes)) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  // First and one-past-last pattern axis of the softmax (the backends' reduction extent).
  std::pair<int, int> axis_range(const Shape& input) const;

 private:
  std::vector<int64_t> keras_axes_;
};

std::unique_ptr<Layer> make_softmax(const LayerConfig& config);

}  // namespace cerebro::model
