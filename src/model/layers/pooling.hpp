#pragma once
#include <array>

#include "model/layer.hpp"
#include "model/layer_config.hpp"
#include "model/layers/window.hpp"

namespace cerebro::model {

enum class PoolKind { Max, Average };

struct PoolParams {
  PoolKind kind = PoolKind::Max;
  int rank = 2;  // 1: (steps, C); 2: (H, W, C)
  std::array<int64_t, 2> pool{1, 1};  // (y, x); rank 1 uses x only
  std::array<int64_t, 2> strides{1, 1};
  Padding padding = Padding::Valid;
};

// Keras MaxPooling1D/2D and AveragePooling1D/2D (channels_last). With 'same' padding, padded
// cells never win a max and are not counted in a mean (TensorFlow's avg_pool divides by the
// number of real cells under the window).
class Pooling final : public Layer {
 public:
  Pooling(std::string name, std::string keras_class, const PoolParams& params);

  Shape infer_shape(std::span<const Shape> inputs) const override;
  void forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const override;

  const PoolParams& params() const { return params_; }
  Window2D window(const Shape& input) const;

 private:
  PoolParams params_;
};

std::unique_ptr<Layer> make_max_pooling1d(const LayerConfig& config);
std::unique_ptr<Layer> make_max_pooling2d(const LayerConfig& config);
std::unique_ptr<Layer> make_average_pooling1d(const LayerConfig& config);
std::unique_ptr<Layer> make_average_pooling2d(const LayerConfig& config);

}  // namespace cerebro::model
