#pragma once
// Shared by output_stats_test (CPU, runs everywhere) and cuda_output_stats_test (label gpu): a
// graph whose layers turn planted NaN, +Inf, -Inf and overflowing values into known counts, and
// the statistics each of its layers must report, in closed form from what was planted.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/render_target.hpp"
#include "model/graph.hpp"
#include "model/layers/activation_layer.hpp"
#include "model/layers/flatten.hpp"
#include "model/layers/input_layer.hpp"
#include "model/layers/rescaling.hpp"

namespace cerebro::testing {

// input (rows, cols) -> negated: Rescaling(-2) (swaps +Inf and -Inf) -> flat: Flatten (on CUDA
// it shares negated's buffer); input -> exp: Activation exponential (exp(100) overflows to +Inf,
// exp(-Inf) is a finite 0).
struct PlantedGraph {
  model::Graph graph;
  int input = 0, negated = 0, flat = 0, exp = 0;
};

inline PlantedGraph planted_graph(int64_t rows, int64_t cols) {
  PlantedGraph g;
  g.graph.set_source_file("planted.h5");
  g.input = g.graph.add(std::make_shared<model::InputLayer>("input", Shape{rows, cols}), {});
  g.negated = g.graph.add(std::make_shared<model::Rescaling>("negated", -2.0f, 0.0f), {g.input});
  g.flat = g.graph.add(std::make_shared<model::Flatten>("flat"), {g.negated});
  g.exp = g.graph.add(std::make_shared<model::ActivationLayer>("exp", model::Activation::Exponential), {g.input});
  g.graph.set_outputs({});
  return g;
}

// What pattern p holds besides uniform values in [-3, 3): p + 1 NaNs (one of them the first
// value), p + 2 +Infs, p + 3 -Infs (one the last value) and 2 values of 100, at positions spread
// over the whole pattern, so every block of a reduction sees some and a pattern read at the
// wrong offset counts differently.
struct Planted {
  int64_t nan = 0, pos_inf = 0, neg_inf = 0, hundreds = 0;
  float finite_min = 0, finite_max = 0;  // over the finite values, the hundreds included
  float small_max = 0;                   // over the finite values other than the hundreds
};

struct PlantedBatch {
  std::vector<float> values;  // batch x rows x cols
  std::vector<Planted> planted;
};

inline PlantedBatch planted_batch(int64_t size, int64_t batch, uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<float> uniform(-3.0f, 3.0f);
  PlantedBatch b;
  b.values.resize(static_cast<size_t>(size * batch));
  std::uniform_int_distribution<int64_t> position(1, size - 2);
  for (int64_t p = 0; p < batch; ++p) {
    float* values = b.values.data() + p * size;
    for (int64_t k = 0; k < size; ++k) values[k] = uniform(random);
    Planted planted{p + 1, p + 2, p + 3, 2, 0, 0, 0};
    // Distinct random positions in 1 .. size-2; the first and last values are planted apart.
    std::set<int64_t> taken;
    std::vector<int64_t> order;
    while (static_cast<int64_t>(order.size()) < planted.nan + planted.pos_inf + planted.neg_inf + planted.hundreds) {
      const int64_t at = position(random);
      if (taken.insert(at).second) order.push_back(at);
    }
    values[0] = std::numeric_limits<float>::quiet_NaN();
    values[size - 1] = -std::numeric_limits<float>::infinity();
    size_t next = 0;
    for (int64_t k = 1; k < planted.nan; ++k) values[order[next++]] = std::numeric_limits<float>::quiet_NaN();
    for (int64_t k = 0; k < planted.pos_inf; ++k) values[order[next++]] = std::numeric_limits<float>::infinity();
    for (int64_t k = 1; k < planted.neg_inf; ++k) values[order[next++]] = -std::numeric_limits<float>::infinity();
    for (int64_t k = 0; k < planted.hundreds; ++k) values[order[next++]] = 100.0f;
    float lo = INFINITY, hi = -INFINITY, small = -INFINITY;
    for (int64_t k = 0; k < size; ++k) {
      if (!std::isfinite(values[k])) continue;
      lo = std::min(lo, values[k]);
      hi = std::max(hi, values[k]);
      if (values[k] != 100.0f) small = std::max(small, values[k]);
    }
    planted.finite_min = lo;
    planted.finite_max = hi;
    planted.small_max = small;
    b.planted.push_back(planted);
  }
  return b;
}

// The statistics graph node `node` must report for a pattern planted so, of `size` values.
inline ValueStats expected_stats(const PlantedGraph& g, int node, const Planted& p, int64_t size) {
  ValueStats s;
  s.nan = p.nan;
  if (node == g.input) {
    s.pos_inf = p.pos_inf;
    s.neg_inf = p.neg_inf;
    s.min = p.finite_min;
    s.max = p.finite_max;
  } else if (node == g.negated || node == g.flat) {
    s.pos_inf = p.neg_inf;
    s.neg_inf = p.pos_inf;
    s.min = -2.0f * p.finite_max;  // exact: a product by a power of two
    s.max = -2.0f * p.finite_min;
  } else {
    s.pos_inf = p.pos_inf + p.hundreds;
    s.neg_inf = 0;
    s.min = 0.0f;  // exp(-Inf)
    s.max = std::exp(p.small_max);
  }
  s.finite = size - s.nan - s.pos_inf - s.neg_inf;
  return s;
}

// Counts exactly; min and max within `tolerance` of the larger |value| (0: bit for bit).
inline ::testing::AssertionResult stats_agree(const ValueStats& actual, const ValueStats& expected,
                                              double tolerance = 0.0) {
  if (actual.finite != expected.finite || actual.nan != expected.nan || actual.pos_inf != expected.pos_inf ||
      actual.neg_inf != expected.neg_inf) {
    return ::testing::AssertionFailure() << "counts finite/nan/+inf/-inf " << actual.finite << "/" << actual.nan << "/"
                                         << actual.pos_inf << "/" << actual.neg_inf << ", expected " << expected.finite
                                         << "/" << expected.nan << "/" << expected.pos_inf << "/" << expected.neg_inf;
  }
  if (actual.percentiles) return ::testing::AssertionFailure() << "percentiles nobody asked for";
  const double scale =
      std::max(std::abs(static_cast<double>(expected.min)), std::abs(static_cast<double>(expected.max)));
  for (const auto& [a, e, what] : {std::tuple{actual.min, expected.min, "min"}, {actual.max, expected.max, "max"}}) {
    if (std::abs(static_cast<double>(a) - static_cast<double>(e)) > tolerance * scale) {
      return ::testing::AssertionFailure()
             << what << " " << a << ", expected " << e << " (tolerance " << tolerance << " of " << scale << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace cerebro::testing
