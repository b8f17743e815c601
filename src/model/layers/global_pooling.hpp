#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"
#include "model/layers/pooling.hpp"

namespace cerebro::model {

// Keras GlobalMaxPooling1D/2D and GlobalAveragePooling1D/2D (channels_last): one value per
// channel over every step or cell; keepdims keeps the reduced axes as 1s.
class GlobalPooling final : public Layer {
 public:
  GlobalPooling(std::string name, std::string keras_class, PoolKind kind, int rank, bool keepdims);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  PoolKind kind() const { return kind_; }
  bool keepdims() const { return keepdims_; }

 private:
  PoolKind kind_;
  int rank_;
  bool keepdims_;
};

std::unique_ptr<Layer> make_global_max_pooling1d(const LayerConfig& config);
std::unique_ptr<Layer> make_global_max_pooling2d(const LayerConfig& config);
std::unique_ptr<Layer> make_global_average_pooling1d(const LayerConfig& config);
std::unique_ptr<Layer> make_global_average_pooling2d(const LayerConfig& config);

}  // namespace cerebro::model
