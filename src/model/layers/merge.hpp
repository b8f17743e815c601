#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

enum class MergeOp { Add, Subtract, Multiply, Average, Maximum, Minimum };

// Keras' element-wise merge layers: Add, Subtract (exactly two inputs: a - b), Multiply,
// Average, Maximum, Minimum. Shapes broadcast as Keras allows: right-aligned, 1 stretches.
class Merge final : public Layer {
 public:
  Merge(std::string name, std::string keras_class, MergeOp op)
      : Layer(std::move(name), std::move(keras_class)), op_(op) {}

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  MergeOp op() const { return op_; }

 private:
  MergeOp op_;
};

std::unique_ptr<Layer> make_add(const LayerConfig& config);
std::unique_ptr<Layer> make_subtract(const LayerConfig& config);
std::unique_ptr<Layer> make_multiply(const LayerConfig& config);
std::unique_ptr<Layer> make_average(const LayerConfig& config);
std::unique_ptr<Layer> make_maximum(const LayerConfig& config);
std::unique_ptr<Layer> make_minimum(const LayerConfig& config);

}  // namespace cerebro::model
