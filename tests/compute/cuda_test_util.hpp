#pragma once
// Shared by the CUDA backend tests (label gpu): random input batches, and the comparison of two
// backends' outputs the way the fixtures' README asks (max error relative to the layer's largest
// |value|), with NaN/Inf checks first.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "compute/backend.hpp"
#include "model/graph.hpp"

namespace cerebro::testing {

// One host array per graph input, `batch` patterns of uniform values in [lo, hi).
struct InputBatch {
  std::vector<std::vector<float>> values;
  std::vector<const float*> pointers;
};

inline InputBatch random_inputs(const model::Graph& graph, int64_t batch, uint32_t seed, float lo = -3.0f,
                                float hi = 3.0f) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> uniform(lo, hi);
  InputBatch inputs;
  for (int node : graph.input_layers()) {
    std::vector<float> values(static_cast<size_t>(batch * element_count(graph.output_shape(node))));
    for (float& v : values) v = uniform(random);
    inputs.values.push_back(std::move(values));
  }
  for (const auto& values : inputs.values) inputs.pointers.push_back(values.data());
  return inputs;
}

inline std::vector<float> downloaded(const compute::Backend& backend, const model::Graph& graph, int node,
                                     int64_t batch) {
  std::vector<float> values(static_cast<size_t>(batch * element_count(graph.output_shape(node))));
  backend.download(node, values);
  return values;
}

// The largest finite |value| of `values` (0 when none is finite).
inline double largest_magnitude(const std::vector<float>& values) {
  double largest = 0.0;
  for (float v : values) {
    if (std::isfinite(v)) largest = std::max(largest, std::abs(static_cast<double>(v)));
  }
  return largest;
}

// Non-finite values must sit exactly where the reference has them; the rest must agree within
// `tolerance` of the reference's largest finite |value|, or of `largest` when it is given (a cell
// of a layer is held to its layer's largest |value|, as issue 8 states the bound).
inline ::testing::AssertionResult outputs_agree(const std::vector<float>& actual, const std::vector<float>& reference,
                                                double tolerance = 1e-5, double largest = -1.0) {
  if (actual.size() != reference.size()) return ::testing::AssertionFailure() << "sizes differ";
  if (largest < 0.0) largest = largest_magnitude(reference);
  double worst = 0.0;
  size_t worst_at = 0;
  for (size_t i = 0; i < actual.size(); ++i) {
    const float a = actual[i];
    const float r = reference[i];
    if (std::isfinite(a) != std::isfinite(r) || std::isnan(a) != std::isnan(r) ||
        (!std::isfinite(r) && !std::isnan(r) && a != r)) {
      return ::testing::AssertionFailure() << "value " << i << " is " << a << ", the reference " << r;
    }
    if (!std::isfinite(r)) continue;
    const double error = std::abs(static_cast<double>(a) - static_cast<double>(r));
    if (error > worst) {
      worst = error;
      worst_at = i;
    }
  }
  const double bound = tolerance * std::max(largest, 1e-30);
  if (worst <= bound) return ::testing::AssertionSuccess() << "max error " << worst << " of " << largest;
  return ::testing::AssertionFailure() << "max error " << worst << " at value " << worst_at << " (" << actual[worst_at]
                                       << " against " << reference[worst_at] << ") exceeds " << tolerance
                                       << " of the largest |value| " << largest;
}

// Statistics a backend published against the host's value_stats: counts, min/max over finite
// values and percentiles, all exactly (the device repeats the host's arithmetic).
inline void expect_same_stats(const ValueStats& actual, const ValueStats& expected) {
  EXPECT_EQ(actual.finite, expected.finite);
  EXPECT_EQ(actual.nan, expected.nan);
  EXPECT_EQ(actual.pos_inf, expected.pos_inf);
  EXPECT_EQ(actual.neg_inf, expected.neg_inf);
  if (expected.finite > 0) {
    EXPECT_EQ(actual.min, expected.min);
    EXPECT_EQ(actual.max, expected.max);
  }
  EXPECT_EQ(actual.percentiles, expected.percentiles);
}

// Every node of the last run: `actual` against `reference`.
inline void expect_every_node_agrees(const model::Graph& graph, const compute::Backend& actual,
                                     const compute::Backend& reference, int64_t batch) {
  for (int i = 0; i < graph.size(); ++i) {
    EXPECT_TRUE(outputs_agree(downloaded(actual, graph, i, batch), downloaded(reference, graph, i, batch)))
        << "layer '" << graph.node_name(i) << "' (" << graph.layer(i).keras_class() << "), batch " << batch;
  }
}

}  // namespace cerebro::testing
