#pragma once
#include <vector>

#include "compute/backend.hpp"

namespace cerebro::compute {

// The reference backend: every layer's own CPU math (GEMMs through OpenBLAS), one host buffer per
// layer output, allocated once in plan().
class CpuBackend final : public Backend {
 public:
  std::string_view name() const override { return "cpu"; }
  bool supports(const model::Layer& layer) const override;
  void plan(const model::Graph& graph, int64_t max_batch) override;
  void run(std::span<const float* const> inputs, int64_t batch) override;
  void download(int index, std::span<float> destination) const override;
  void publish(const PublishView& view, RenderTarget& target) const override;  // cpu_publish.cpp
  std::vector<ValueStats> output_stats(int64_t pattern) const override;      // cpu_publish.cpp

 private:
  const model::Graph* graph_ = nullptr;
  int64_t max_batch_ = 0;
  int64_t last_batch_ = 0;
  std::vector<std::vector<float>> outputs_;  // one per layer, max_batch x output shape
};

}  // namespace cerebro::compute
