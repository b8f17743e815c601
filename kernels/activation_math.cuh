#pragma once
// Keras' element-wise activations on the device, the formulas of src/model/activation.cpp in
// float (the CPU reference rounds double results to float; these agree to a few ulp). Included by
// kernels/*.cu only. Softmax and log_softmax are not element-wise: see softmax.cu.
#include <cuda_runtime.h>

#include "model/activation.hpp"

namespace cerebro::kernels {

// std::max and std::min exactly (not fmaxf/fminf): a NaN propagates or not as on the CPU.
__device__ inline float std_max(float a, float b) { return a < b ? b : a; }
__device__ inline float std_min(float a, float b) { return b < a ? b : a; }
__device__ inline float std_clamp(float v, float lo, float hi) { return v < lo ? lo : hi < v ? hi : v; }

// log(1 + e^x) without overflow for large x or precision loss for very negative x.
__device__ inline float softplus(float x) { return std_max(x, 0.0f) + log1pf(expf(-fabsf(x))); }

__device__ inline float relu6(float x) { return std_min(std_max(x, 0.0f), 6.0f); }

__device__ inline float activate(model::Activation activation, float x) {
  constexpr float kSeluAlpha = 1.6732632423543772848170429916717f;  // Klambauer et al. 2017
  constexpr float kSeluScale = 1.0507009873554804934193349852946f;
  constexpr float kSqrt2OverPi = 0.7978845608028654f;
  constexpr float kSqrtHalf = 0.7071067811865476f;
  switch (activation) {
    case model::Activation::Relu:
      return std_max(x, 0.0f);
    case model::Activation::Sigmoid:
      return 1.0f / (1.0f + expf(-x));
    case model::Activation::Tanh:
      return tanhf(x);
    case model::Activation::Elu:
      return x > 0.0f ? x : expm1f(x);
    case model::Activation::Selu:
      return kSeluScale * (x > 0.0f ? x : kSeluAlpha * expm1f(x));
    case model::Activation::Softplus:
      return softplus(x);
    case model::Activation::Softsign:
      return x / (1.0f + fabsf(x));
    case model::Activation::Swish:
      return x / (1.0f + expf(-x));
    case model::Activation::Gelu:
      return 0.5f * x * (1.0f + erff(x * kSqrtHalf));
    case model::Activation::GeluTanh:
      return 0.5f * x * (1.0f + tanhf(kSqrt2OverPi * (x + 0.044715f * x * x * x)));
    case model::Activation::Relu6:
      return relu6(x);
    case model::Activation::LeakyRelu:
      return x >= 0.0f ? x : 0.2f * x;
    case model::Activation::Exponential:
      return expf(x);
    case model::Activation::HardSigmoid2:
      return std_clamp(0.2f * x + 0.5f, 0.0f, 1.0f);
    case model::Activation::HardSigmoid3:
      return relu6(x + 3.0f) / 6.0f;
    case model::Activation::HardSilu:
      return x * relu6(x + 3.0f) / 6.0f;
    case model::Activation::Mish:
      return x * tanhf(softplus(x));
    case model::Activation::Linear:
    case model::Activation::Softmax:
    case model::Activation::LogSoftmax:
      break;
  }
  return x;
}

// Calls Launcher<A>::launch(args...) for the run-time activation A: the activation becomes a
// kernel template argument, so the switch in activate() folds away in every instance.
template <template <model::Activation> class Launcher, typename... Args>
void dispatch_activation(model::Activation activation, Args... args) {
  using A = model::Activation;
  switch (activation) {
    case A::Linear:
      return Launcher<A::Linear>::launch(args...);
    case A::Relu:
      return Launcher<A::Relu>::launch(args...);
    case A::Sigmoid:
      return Launcher<A::Sigmoid>::launch(args...);
    case A::Tanh:
      return Launcher<A::Tanh>::launch(args...);
    case A::Elu:
      return Launcher<A::Elu>::launch(args...);
    case A::Selu:
      return Launcher<A::Selu>::launch(args...);
    case A::Softplus:
      return Launcher<A::Softplus>::launch(args...);
    case A::Softsign:
      return Launcher<A::Softsign>::launch(args...);
    case A::Swish:
      return Launcher<A::Swish>::launch(args...);
    case A::Gelu:
      return Launcher<A::Gelu>::launch(args...);
    case A::GeluTanh:
      return Launcher<A::GeluTanh>::launch(args...);
    case A::Relu6:
      return Launcher<A::Relu6>::launch(args...);
    case A::LeakyRelu:
      return Launcher<A::LeakyRelu>::launch(args...);
    case A::Exponential:
      return Launcher<A::Exponential>::launch(args...);
    case A::HardSigmoid2:
      return Launcher<A::HardSigmoid2>::launch(args...);
    case A::HardSigmoid3:
      return Launcher<A::HardSigmoid3>::launch(args...);
    case A::HardSilu:
      return Launcher<A::HardSilu>::launch(args...);
    case A::Mish:
      return Launcher<A::Mish>::launch(args...);
    case A::Softmax:
    case A::LogSoftmax:
      break;  // not element-wise: the caller uses softmax.cuh
  }
}

}  // namespace cerebro::kernels
