#pragma once
#include "model/layer.hpp"
#include "model/layer_config.hpp"

namespace cerebro::model {

// What BatchNormalization and LayerNormalization share: the axes the config lists (Keras axes,
// which count the batch axis), epsilon, and whether gamma (scale) and beta (center) are weights.
class NormalizationLayer : public Layer {
 public:
  double epsilon() const { return epsilon_; }
  bool center() const { return center_; }  // beta is a weight
  bool scale() const { return scale_; }    // gamma is a weight
  // The output is the input; the axes are checked against its rank.
  Shape infer_shape(std::span<const Shape> inputs) const override;

  // The normalised axes as indices into one pattern's shape, sorted.
  std::vector<int> axes(const Shape& input) const;

 protected:
  NormalizationLayer(std::string name, std::string keras_class, std::vector<int64_t> keras_axes, double epsilon,
                     bool center, bool scale);
  // The axes as pattern indices in the config's order. BadInput naming the layer for the batch
  // axis, an axis out of range or one listed twice.
  std::vector<int> listed_axes(const Shape& input) const;
  // How many of gamma and beta are weights (they come first, gamma before beta).
  size_t affine_weights() const { return (scale_ ? 1 : 0) + (center_ ? 1 : 0); }

 private:
  std::vector<int64_t> keras_axes_;
  double epsilon_;
  bool center_;
  bool scale_;
};

// The config keys both layers read: axis (an int or a list, default -1), epsilon (default 1e-3),
// center and scale (default true).
struct NormalizationConfig {
  std::vector<int64_t> axes;
  double epsilon = 1e-3;
  bool center = true;
  bool scale = true;
};
NormalizationConfig read_normalization_config(const LayerConfig& config);

}  // namespace cerebro::model
