#pragma once
// Building one layer from a Keras-style JSON config and running its CPU math on a small batch.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/layer.hpp"
#include "model/layer_config.hpp"
#include "model/layer_registry.hpp"

namespace cerebro::model::testing {

inline std::unique_ptr<Layer> make(const std::string& class_name, const nlohmann::json& config, int keras_major = 2) {
  return create_layer(LayerConfig{class_name, "probe", config, keras_major, "m.h5"});
}

// Runs `layer` on `batch` patterns of `shape` (`values` holds them all) with `weights` (shapes as
// the layer expects them); returns the output values.
inline std::vector<float> run(Layer& layer, const Shape& shape, const std::vector<float>& values,
                              const std::vector<std::vector<float>>& weights = {}, int64_t batch = 1) {
  const std::vector<Shape> inputs{shape};
  const Shape out_shape = layer.infer_shape(inputs);
  const std::vector<Shape> expected = layer.expected_weight_shapes(inputs);
  std::vector<Weight> ws;
  for (size_t i = 0; i < weights.size(); ++i) ws.push_back({"w" + std::to_string(i), expected.at(i), weights[i]});
  layer.set_weights(std::move(ws));
  std::vector<float> out(static_cast<size_t>(batch * element_count(out_shape)));
  const std::vector<BatchView> views{BatchView{values.data(), batch, shape}};
  layer.forward_cpu(views, MutableBatchView{out.data(), batch, out_shape});
  return out;
}

}  // namespace cerebro::model::testing
