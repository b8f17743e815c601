// Conv2D's CPU math (im2col + OpenBLAS sgemm, src/model/layers/conv.cpp) against a direct loop
// nest (the baseline), on the shape issue 4 names: 28x28x32 -> 64 filters, 3x3 'same', relu, a
// batch of 256. Prints the best of several runs of each and the ratio; checks both agree.
// Build a release model library, then this (from the repository root):
//   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCEREBRO_CUDA=OFF -DCEREBRO_TESTS=OFF
//   ninja -C build-release cerebro_model
//   g++ -O2 -std=c++20 -Isrc bench/conv_cpu_bench.cpp build-release/src/libcerebro_model.a
//       build-release/src/libcerebro_core.a -lopenblas -o /tmp/conv_cpu_bench   (one line)
//   /tmp/conv_cpu_bench
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "model/layer_config.hpp"
#include "model/layer_registry.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int64_t kH = 28, kW = 28, kC = 32, kF = 64, kK = 3, kBatch = 256;
constexpr int64_t kBaselineBatch = 16;  // the direct loops are slow: time fewer patterns, scale up

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// 'same' with stride 1 and an odd kernel: one cell of padding on each side.
void direct_conv(const float* x, const float* k, const float* b, float* y, int64_t batch) {
  for (int64_t n = 0; n < batch; ++n)
    for (int64_t oy = 0; oy < kH; ++oy)
      for (int64_t ox = 0; ox < kW; ++ox)
        for (int64_t f = 0; f < kF; ++f) {
          float sum = b[f];
          for (int64_t i = 0; i < kK; ++i)
            for (int64_t j = 0; j < kK; ++j)
              for (int64_t c = 0; c < kC; ++c) {
                const int64_t iy = oy + i - 1, ix = ox + j - 1;
                if (iy < 0 || iy >= kH || ix < 0 || ix >= kW) continue;
                sum += x[((n * kH + iy) * kW + ix) * kC + c] * k[((i * kK + j) * kC + c) * kF + f];
              }
          y[((n * kH + oy) * kW + ox) * kF + f] = std::max(sum, 0.0f);
        }
}

}  // namespace

int main() {
  using namespace cerebro;
  const nlohmann::json config = {{"filters", kF}, {"kernel_size", kK}, {"padding", "same"}, {"activation", "relu"}};
  auto layer = model::create_layer(model::LayerConfig{"Conv2D", "conv", config, 2, "bench"});
  std::vector<float> x(static_cast<size_t>(kBatch * kH * kW * kC)), k(static_cast<size_t>(kK * kK * kC * kF)),
      b(static_cast<size_t>(kF));
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (auto* v : {&x, &k, &b}) std::generate(v->begin(), v->end(), [&] { return uniform(rng); });
  layer->set_weights({{"kernel", {kK, kK, kC, kF}, k}, {"bias", {kF}, b}});
  const Shape in{kH, kW, kC};
  const Shape out_shape = layer->infer_shape(std::vector<Shape>{in});
  std::vector<float> y(static_cast<size_t>(kBatch * element_count(out_shape)));
  const std::vector<BatchView> views{BatchView{x.data(), kBatch, in}};

  double best = 1e30;
  for (int run = 0; run < 7; ++run) {
    const auto start = Clock::now();
    layer->forward_cpu(views, MutableBatchView{y.data(), kBatch, out_shape});
    best = std::min(best, ms_since(start));
  }
  std::vector<float> direct(static_cast<size_t>(kBaselineBatch * element_count(out_shape)));
  double baseline = 1e30;
  for (int run = 0; run < 3; ++run) {
    const auto start = Clock::now();
    direct_conv(x.data(), k.data(), b.data(), direct.data(), kBaselineBatch);
    baseline = std::min(baseline, ms_since(start) * kBatch / kBaselineBatch);
  }
  float worst = 0.0f;
  for (size_t i = 0; i < direct.size(); ++i) worst = std::max(worst, std::abs(direct[i] - y[i]));
  const double gflop = 2.0 * kBatch * kH * kW * kF * kK * kK * kC / 1e9;
  std::printf("Conv2D 28x28x32 -> 64, 3x3 same, relu, batch 256 (%.1f GFLOP)\n", gflop);
  std::printf("  im2col + sgemm: best of 7 %8.1f ms  (%.1f GFLOP/s)\n", best, gflop / best * 1e3);
  std::printf("  direct loops:   best of 3 %8.1f ms  (scaled from %lld patterns)\n", baseline,
              static_cast<long long>(kBaselineBatch));
  std::printf("  speed-up %.1fx; largest difference %.2g\n", baseline / best, static_cast<double>(worst));
  return worst < 1e-3f ? 0 : 1;
}
