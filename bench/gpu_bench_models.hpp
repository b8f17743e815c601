#pragma once
// The models the GPU benchmark runs besides the article's (loaded from its fixture): built in
// code with random weights, and what each costs at least (arithmetic and memory traffic).
#include <cstdint>

#include "model/graph.hpp"

namespace cerebro::bench {

// 256x256 input -> Dense 512 (relu) x4 -> Flatten -> Dense 10 (softmax).
model::Graph large_mlp();
// 28x28x1 -> Conv2D 32 3x3 relu -> Conv2D 64 3x3 relu -> MaxPooling2D 2 -> Flatten ->
// Dense 128 relu -> Dense 10 softmax (the usual Keras MNIST CNN).
model::Graph small_cnn();

struct Cost {
  double flops = 0.0;  // multiply-adds x 2 of the GEMMs and convolutions
  double bytes = 0.0;  // device memory traffic: weights once, every output written once and read by each consumer
};

// What one batch of `batch` patterns costs at least on the device (host uploads excluded).
Cost batch_cost(const model::Graph& graph, int64_t batch);

}  // namespace cerebro::bench
