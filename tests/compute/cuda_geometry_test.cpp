// The host side of the CUDA kernels of Softmax, LayerNormalization and Permute, checked without a
// GPU: the geometry compute/cuda/layer_geometry.cpp derives from each layer, walked on the host the
// way kernels/softmax.cu, layer_norm.cu and permute.cu walk it (one group or one output value per
// thread), must give what the layers' own CPU code gives. The kernels themselves run in
// cuda_backend_test (label gpu); this catches a wrong extent, stride or grouping anywhere CI runs.
#include "compute/cuda/layer_geometry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include "compute/cuda_test_util.hpp"
#include "model/layers/layer_normalization.hpp"
#include "model/layers/permute.hpp"
#include "model/layers/softmax.hpp"

namespace cerebro {
namespace {

using compute::cuda::layer_norm_groups;
using compute::cuda::permute_map;
using compute::cuda::softmax_extent;

constexpr int64_t kBatch = 2;

std::vector<float> random_values(int64_t count, uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> uniform(-3.0f, 3.0f);
  std::vector<float> values(static_cast<size_t>(count));
  for (float& v : values) v = uniform(random);
  return values;
}

std::vector<float> cpu_forward(const model::Layer& layer, const Shape& shape, const std::vector<float>& in) {
  std::vector<float> out(in.size());
  const BatchView view{in.data(), kBatch, shape};
  layer.forward_cpu(std::span(&view, 1), MutableBatchView{out.data(), kBatch, layer.infer_shape(std::span(&shape, 1))});
  return out;
}

// kernels/softmax.cu: group g of batch * outer * inner reads base + a * inner, base = o * axis *
// inner + g % inner with o = g / inner; sums in double.
std::vector<float> softmax_walk(const Shape& shape, const model::Softmax& layer, const std::vector<float>& in) {
  const auto e = softmax_extent(shape, layer.axis_range(shape));
  std::vector<float> out(in.size());
  for (int64_t g = 0; g < kBatch * e.outer * e.inner; ++g) {
    const int64_t base = (g / e.inner) * e.axis * e.inner + g % e.inner;
    float peak = -INFINITY;
    for (int64_t a = 0; a < e.axis; ++a) peak = std::max(peak, in[static_cast<size_t>(base + a * e.inner)]);
    double sum = 0.0;
    for (int64_t a = 0; a < e.axis; ++a) sum += std::exp(static_cast<double>(in[static_cast<size_t>(base + a * e.inner)] - peak));
    for (int64_t a = 0; a < e.axis; ++a) {
      const auto k = static_cast<size_t>(base + a * e.inner);
      out[k] = static_cast<float>(std::exp(static_cast<double>(in[k] - peak)) / sum);
    }
  }
  return out;
}

TEST(CudaGeometry, SoftmaxExtentsCoverTheLayersAxes) {
  const Shape shape{3, 4, 5};
  const std::vector<std::vector<int64_t>> axes_cases{{-1}, {1}, {2}, {1, 2}, {-2, -1}, {1, 2, 3}, {2, 1}};
  for (const auto& axes : axes_cases) {
    const model::Softmax layer("softmax", axes);
    SCOPED_TRACE("axes " + std::to_string(axes.front()) + " (" + std::to_string(axes.size()) + " listed)");
    const std::vector<float> in = random_values(kBatch * element_count(shape), 11u);
    EXPECT_TRUE(testing::outputs_agree(softmax_walk(shape, layer, in), cpu_forward(layer, shape, in), 1e-6));
  }
  EXPECT_EQ(softmax_extent(shape, {1, 2}).outer, 3);
  EXPECT_EQ(softmax_extent(shape, {1, 2}).axis, 4);
  EXPECT_EQ(softmax_extent(shape, {1, 2}).inner, 5);
}

// kernels/permute.cu: output value i of a pattern reads sum_d coordinate_d(i) * source_strides[d].
std::vector<float> permute_walk(const Shape& shape, const model::Permute& layer, const std::vector<float>& in) {
  const auto map = permute_map(shape, layer.dims());
  const int64_t size = element_count(shape);
  std::vector<float> out(in.size());
  for (int64_t i = 0; i < kBatch * size; ++i) {
    int64_t rest = i % size;
    int64_t source = (i / size) * size;
    for (size_t d = map.out_dims.size(); d-- > 0;) {
      source += (rest % map.out_dims[d]) * map.source_strides[d];
      rest /= map.out_dims[d];
    }
    out[static_cast<size_t>(i)] = in[static_cast<size_t>(source)];
  }
  return out;
}

TEST(CudaGeometry, PermuteMapsMoveEveryValueWhereTheCpuDoes) {
  const std::vector<std::pair<Shape, std::vector<int64_t>>> cases{
      {{3, 5}, {2, 1}},          {{2, 3, 4}, {1, 2, 3}},       {{2, 3, 4}, {1, 3, 2}},
      {{2, 3, 4}, {2, 1, 3}},    {{2, 3, 4}, {2, 3, 1}},       {{2, 3, 4}, {3, 1, 2}},
      {{2, 3, 4}, {3, 2, 1}},    {{2, 3, 4, 5}, {3, 1, 4, 2}},
  };
  for (const auto& [shape, dims] : cases) {
    const model::Permute layer("permute", dims);
    const std::vector<float> in = random_values(kBatch * element_count(shape), 5u);
    const std::vector<float> walked = permute_walk(shape, layer, in);
    const std::vector<float> cpu = cpu_forward(layer, shape, in);
    EXPECT_EQ(std::memcmp(walked.data(), cpu.data(), cpu.size() * sizeof(float)), 0)
        << shape_tuple(shape) << " dims " << dims[0] << "," << dims[1];
  }
}

// kernels/layer_norm.cu: group g's members, mean and variance in double, gamma/beta by param_of.
std::vector<float> layer_norm_walk(const Shape& shape, const model::LayerNormalization& layer,
                                   const std::vector<float>& in) {
  const auto g = layer_norm_groups(shape, layer.axes(shape));
  const int64_t size = element_count(shape);
  const float* gamma = layer.scale() ? layer.weights().at(0).values.data() : nullptr;
  const float* beta = layer.center() ? layer.weights().at(layer.scale() ? 1 : 0).values.data() : nullptr;
  std::vector<float> out(in.size());
  for (int64_t n = 0; n < kBatch; ++n) {
    const float* x = in.data() + n * size;
    float* y = out.data() + n * size;
    for (int64_t group = 0; group < g.groups; ++group) {
      const int64_t* members = g.members.data() + group * g.group_size;
      double mean = 0.0;
      for (int64_t k = 0; k < g.group_size; ++k) mean += x[members[k]];
      mean /= static_cast<double>(g.group_size);
      double variance = 0.0;
      for (int64_t k = 0; k < g.group_size; ++k) variance += (x[members[k]] - mean) * (x[members[k]] - mean);
      const double inv_std = 1.0 / std::sqrt(variance / static_cast<double>(g.group_size) + layer.epsilon());
      for (int64_t k = 0; k < g.group_size; ++k) {
        const int64_t j = members[k];
        double v = (x[j] - mean) * inv_std;
        if (gamma) v *= gamma[g.param_of[static_cast<size_t>(j)]];
        if (beta) v += beta[g.param_of[static_cast<size_t>(j)]];
        y[j] = static_cast<float>(v);
      }
    }
  }
  return out;
}

TEST(CudaGeometry, LayerNormGroupsAndParametersMatchTheCpu) {
  const Shape shape{3, 4, 5};
  const std::vector<std::vector<int64_t>> axes_cases{{-1}, {1}, {2}, {1, 2}, {1, 3}, {3, 1}, {1, 2, 3}};
  uint32_t seed = 100;
  for (const auto& axes : axes_cases) {
    for (const bool center : {true, false}) {
      for (const bool scale : {true, false}) {
        model::LayerNormalization layer("norm", axes, 1e-3, center, scale);
        std::vector<model::Weight> weights;
        for (const Shape& w : layer.expected_weight_shapes(std::span(&shape, 1))) {
          weights.push_back({"w", w, random_values(element_count(w), ++seed)});
        }
        layer.set_weights(std::move(weights));
        SCOPED_TRACE("axes starting " + std::to_string(axes.front()) + " of " + std::to_string(axes.size()) +
                     (center ? ", center" : "") + (scale ? ", scale" : ""));
        const std::vector<float> in = random_values(kBatch * element_count(shape), ++seed);
        EXPECT_TRUE(testing::outputs_agree(layer_norm_walk(shape, layer, in), cpu_forward(layer, shape, in), 1e-6));
      }
    }
  }
  const auto g = layer_norm_groups(shape, {0, 2});
  EXPECT_EQ(g.groups, 4);
  EXPECT_EQ(g.group_size, 15);
  EXPECT_EQ(g.members[0], 0);
  EXPECT_EQ(g.members[1], 1);
  EXPECT_EQ(g.members[5], 20);  // (1, 0, 0): the next row of the same group
}

}  // namespace
}  // namespace cerebro
