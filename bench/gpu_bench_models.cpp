#include "gpu_bench_models.hpp"

#include <cmath>
#include <memory>
#include <random>

#include "model/layers/conv.hpp"
#include "model/layers/dense.hpp"
#include "model/layers/depthwise_conv2d.hpp"
#include "model/layers/flatten.hpp"
#include "model/layers/input_layer.hpp"
#include "model/layers/pooling.hpp"
#include "model/layers/separable_conv2d.hpp"

namespace cerebro::bench {
namespace {

constexpr const char* kFile = "in-code model";

// Glorot-uniform kernel and small random bias, so activations stay in a sane range.
std::vector<model::Weight> random_weights(const std::string& name, const Shape& kernel, int64_t fan_in, int64_t fan_out,
                                          std::mt19937& random) {
  const float limit = std::sqrt(6.0f / static_cast<float>(fan_in + fan_out));
  std::uniform_real_distribution<float> uniform(-limit, limit);
  model::Weight k{name + "/kernel:0", kernel, std::vector<float>(static_cast<size_t>(element_count(kernel)))};
  for (float& v : k.values) v = uniform(random);
  std::uniform_real_distribution<float> small(-0.1f, 0.1f);
  model::Weight b{name + "/bias:0", {kernel.back()}, std::vector<float>(static_cast<size_t>(kernel.back()))};
  for (float& v : b.values) v = small(random);
  return {std::move(k), std::move(b)};
}

int add_dense(model::Graph& g, const std::string& name, int input, int64_t units, model::Activation activation,
              std::mt19937& random) {
  const int64_t features = g.output_shape(input).back();
  const int node = g.add(std::make_shared<model::Dense>(name, units, true, activation), {input});
  g.set_weights(node, random_weights(name, {features, units}, features, units, random), kFile);
  return node;
}

int add_conv(model::Graph& g, const std::string& name, int input, int64_t filters, std::mt19937& random) {
  model::ConvParams p;
  p.rank = 2;
  p.filters = filters;
  p.kernel = {3, 3};
  p.activation = model::Activation::Relu;
  const int64_t channels = g.output_shape(input).back();
  const int node = g.add(std::make_shared<model::Conv>(name, "Conv2D", p), {input});
  g.set_weights(node, random_weights(name, {3, 3, channels, filters}, 9 * channels, 9 * filters, random), kFile);
  return node;
}

}  // namespace

model::Graph large_mlp() {
  std::mt19937 random(2024);
  model::Graph g;
  g.set_source_file(kFile);
  g.set_name("large_mlp");
  int node = g.add(std::make_shared<model::InputLayer>("input", Shape{256, 256}), {});
  for (int k = 1; k <= 4; ++k)
    node = add_dense(g, "dense_" + std::to_string(k), node, 512, model::Activation::Relu, random);
  node = g.add(std::make_shared<model::Flatten>("flatten"), {node});
  add_dense(g, "logits", node, 10, model::Activation::Softmax, random);
  g.set_outputs({});
  return g;
}

model::Graph small_cnn() {
  std::mt19937 random(2025);
  model::Graph g;
  g.set_source_file(kFile);
  g.set_name("small_cnn");
  int node = g.add(std::make_shared<model::InputLayer>("input", Shape{28, 28, 1}), {});
  node = add_conv(g, "conv_1", node, 32, random);
  node = add_conv(g, "conv_2", node, 64, random);
  model::PoolParams pool;
  pool.pool = {2, 2};
  pool.strides = {2, 2};
  node = g.add(std::make_shared<model::Pooling>("pool", "MaxPooling2D", pool), {node});
  node = g.add(std::make_shared<model::Flatten>("flatten"), {node});
  node = add_dense(g, "dense", node, 128, model::Activation::Relu, random);
  add_dense(g, "logits", node, 10, model::Activation::Softmax, random);
  g.set_outputs({});
  return g;
}

Cost batch_cost(const model::Graph& graph, int64_t batch) {
  Cost cost;
  const auto n = static_cast<double>(batch);
  for (int i = 0; i < graph.size(); ++i) {
    const model::Layer& layer = graph.layer(i);
    for (const model::Weight& w : layer.weights()) cost.bytes += 4.0 * static_cast<double>(w.values.size());
    const std::vector<int>& inputs = graph.inputs_of(i);
    if (inputs.empty() || layer.is_identity()) continue;
    const Shape& in = graph.output_shape(inputs[0]);
    const auto out_size = static_cast<double>(element_count(graph.output_shape(i)));
    cost.bytes += 4.0 * n * out_size;
    for (int input : inputs) cost.bytes += 4.0 * n * static_cast<double>(element_count(graph.output_shape(input)));
    if (const auto* dense = dynamic_cast<const model::Dense*>(&layer)) {
      cost.flops += 2.0 * n * static_cast<double>(element_count(in)) * static_cast<double>(dense->units());
    } else if (const auto* conv = dynamic_cast<const model::Conv*>(&layer)) {
      const model::Window2D w = conv->window(in);
      cost.flops += 2.0 * n * out_size * static_cast<double>(w.taps() * in.back() / conv->params().groups);
    } else if (dynamic_cast<const model::DepthwiseConv2D*>(&layer) != nullptr) {
      const model::Weight& k = layer.weights().at(0);
      cost.flops += 2.0 * n * out_size * static_cast<double>(k.shape[0] * k.shape[1]);
    } else if (dynamic_cast<const model::SeparableConv2D*>(&layer) != nullptr) {
      const model::Weight& dw = layer.weights().at(0);
      const model::Weight& pw = layer.weights().at(1);
      const double cells = out_size / static_cast<double>(pw.shape[3]);
      cost.flops += 2.0 * n * cells * static_cast<double>(dw.shape[0] * dw.shape[1] * pw.shape[2]);
      cost.flops += 2.0 * n * cells * static_cast<double>(pw.shape[2] * pw.shape[3]);
    }
  }
  return cost;
}

}  // namespace cerebro::bench
