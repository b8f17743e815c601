#pragma once
// Softmax (and log_softmax) over one axis of `outer` x `axis` x `inner` values (C order): the
// Softmax layer, and the softmax activation of Dense / Activation / the convolutions (inner 1).
#include <cuda_runtime_api.h>

#include <cstdint>

namespace cerebro::kernels {

// out[o, a, i] = exp(x[o, a, i] - max_a) / sum_a exp(...), x = in (+ bias[a] when `bias` is set,
// which needs inner == 1). `out` may be `in`. Sums accumulate in double, as the CPU's do.
void softmax(cudaStream_t stream, int64_t outer, int64_t axis, int64_t inner, const float* in, const float* bias,
             float* out, bool log_output);

}  // namespace cerebro::kernels
