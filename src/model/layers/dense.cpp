#include "model/layers/dense.hpp"

#include <cblas.h>

#include "core/error.hpp"

namespace cerebro::model {

Dense::Dense(std::string name, int64_t units, bool use_bias, Activation activation)
    : Layer(std::move(name), "Dense"), units_(units), use_bias_(use_bias), activation_(activation) {}

Shape Dense::infer_shape(std::span<const Shape> inputs) const {
  if (inputs.size() != 1 || inputs[0].empty()) {
    throw_bad_input("layer '" + name() + "' (Dense)", "needs one input of rank 1 or more");
  }
  Shape out = inputs[0];
  out.back() = units_;
  return out;
}

std::vector<Shape> Dense::expected_weight_shapes(std::span<const Shape> inputs) const {
  std::vector<Shape> shapes{{inputs[0].back(), units_}};
  if (use_bias_) shapes.push_back({units_});
  return shapes;
}

void Dense::forward_cpu(std::span<const BatchView> inputs, const MutableBatchView& out) const {
  const BatchView& in = inputs[0];
  const int64_t features = in.shape.back();
  // Every leading axis (batch included) folds into the rows of one GEMM.
  const int64_t rows = in.batch * in.pattern_size() / features;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(rows), static_cast<int>(units_),
              static_cast<int>(features), 1.0f, in.data, static_cast<int>(features), kernel(),
              static_cast<int>(units_), 0.0f, out.data, static_cast<int>(units_));
  if (use_bias_) {
    const float* b = bias();
    for (int64_t r = 0; r < rows; ++r) {
      float* row = out.data + r * units_;
      for (int64_t u = 0; u < units_; ++u) row[u] += b[u];
    }
  }
  apply_activation(activation_, out.data, rows * units_, units_);
}

std::unique_ptr<Layer> make_dense(const LayerConfig& config) {
  const int64_t units = config.get_int("units", 0);
  if (units <= 0) throw_bad_input(config.context(), "units must be a positive integer");
  return std::make_unique<Dense>(config.name, units, config.get_bool("use_bias", true),
                                 activation_from_config(config));
}

}  // namespace cerebro::model
