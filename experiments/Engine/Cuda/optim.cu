// optim.cu — the optimizer step of the CUDA backend, fp32: the squared gradient norm in fixed chunks
// (each chunk's sum by one block, deterministically; the host adds the chunk sums in double, in chunk
// order, so the norm is the same bits on every run), and AdamW with decoupled weight decay under a
// per-parameter decay mask, the contract of Kernels/AdamW.cs. The clip is `scale_inplace` (layers.cu).
#pragma once
#include "reduce.cuh"

#define OPT_THREADS 256
#define OPT_WARPS (OPT_THREADS / 32)
#define OPT_NORM_CHUNK 8192  // floats per partial sum of squares

// partials[k] = Σ g[i]² over chunk k = [k·OPT_NORM_CHUNK, +OPT_NORM_CHUNK) ∩ [0, n). grid = ceil(n / OPT_NORM_CHUNK).
extern "C" __global__ void __launch_bounds__(OPT_THREADS)
sumsq_partials(float* __restrict__ partials, const float* __restrict__ g, int n) {
  __shared__ float slots[OPT_WARPS];
  const size_t i0 = (size_t)blockIdx.x * OPT_NORM_CHUNK;
  const size_t i1 = i0 + OPT_NORM_CHUNK < (size_t)n ? i0 + OPT_NORM_CHUNK : (size_t)n;
  float s = 0.0f;
  for (size_t i = i0 + threadIdx.x; i < i1; i += OPT_THREADS) s += g[i] * g[i];
  s = r_block_sum<OPT_WARPS>(s, slots);
  if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

// One AdamW step, in place on p, m, v: m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
// p −= lr·(m·c1/(√(v·c2) + eps) + wd·decay·p), c1 = 1/(1−β1ᵗ), c2 = 1/(1−β2ᵗ) (from the host).
// grid = ceil(n / OPT_THREADS).
extern "C" __global__ void __launch_bounds__(OPT_THREADS)
adamw(float* __restrict__ p, const float* __restrict__ g, float* __restrict__ m, float* __restrict__ v,
      const unsigned char* __restrict__ decay, int n, float lr, float beta1, float beta2, float eps, float wd,
      float c1, float c2) {
  const size_t i = (size_t)blockIdx.x * OPT_THREADS + threadIdx.x;
  if (i >= (size_t)n) return;
  const float gi = g[i];
  const float mi = beta1 * m[i] + (1.0f - beta1) * gi;
  const float vi = beta2 * v[i] + (1.0f - beta2) * (gi * gi);
  m[i] = mi;
  v[i] = vi;
  p[i] -= lr * (mi * c1 / (sqrtf(vi * c2) + eps) + wd * (float)decay[i] * p[i]);
}
