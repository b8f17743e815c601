#pragma once
// A layer kind: its name, its Keras class, shape inference, the weights it expects and its CPU
// reference math. One subclass per kind lives in layers/.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/shape.hpp"
#include "core/tensor.hpp"

namespace cerebro::model {

struct Weight {
  std::string name;  // as the file names it, e.g. "dense_1/kernel:0"
  Shape shape;
  std::vector<float> values;
};

struct ParamCounts {
  int64_t trainable = 0;
  int64_t non_trainable = 0;
  int64_t total() const { return trainable + non_trainable; }
};

class Layer {
 public:
  Layer(std::string name, std::string keras_class) : name_(std::move(name)), keras_class_(std::move(keras_class)) {}
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  const std::string& name() const { return name_; }
  const std::string& keras_class() const { return keras_class_; }

  // One pattern's output shape from the inputs' shapes. Throws BadInput naming the layer when the
  // inputs do not fit.
  virtual Shape infer_shape(std::span<const Shape> inputs) const = 0;

  // The shapes of the weights this layer needs, in the order Keras stores them.
  virtual std::vector<Shape> expected_weight_shapes(std::span<const Shape> /*inputs*/) const { return {}; }

  // Whether weight `index` is trained (Keras counts e.g. BatchNorm's moving statistics apart).
  virtual bool weight_trainable(size_t /*index*/) const { return trainable_; }

  // CPU reference math for `out.batch` patterns. Buffers are planned by the caller.
  virtual void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const = 0;

  // True when the output is the input, unchanged (Dropout at inference): backends may skip work.
  virtual bool is_identity() const { return false; }

  const std::vector<Weight>& weights() const { return weights_; }
  void set_weights(std::vector<Weight> weights) { weights_ = std::move(weights); }
  void set_trainable(bool trainable) { trainable_ = trainable; }

 protected:
  // The values of weight `index`; the graph has checked their shapes before any forward pass.
  const float* weight_data(size_t index) const { return weights_.at(index).values.data(); }

 private:
  std::string name_;
  std::string keras_class_;
  std::vector<Weight> weights_;
  bool trainable_ = true;
};

}  // namespace cerebro::model
