// loss.cu — the fused softmax cross-entropy of the CUDA backend, fp32, with the contract of
// Kernels/SoftmaxCrossEntropy.cs: per row, the stable softmax (the row max subtracted), the loss
// −log softmax[target], and — when the gradient scale is not 0 — (softmax − onehot)·scale written over
// the logits, so a step never holds a second N·V buffer. Rows whose target is the ignore label (−1)
// get loss 0 and, with a scale, a zero gradient. One block per row; the reductions are block-wide and
// deterministic (reduce.cuh). The mean over the rows is taken on the host, in double, in row order.
#pragma once
#include "reduce.cuh"

#define CE_THREADS 256
#define CE_WARPS (CE_THREADS / 32)
#define CE_LOG2E 1.4426950408889634f
#define CE_LN2 0.6931471805599453f

// grid = N (one block per row). logits [N, V] (overwritten by the gradient when scale ≠ 0), targets [N],
// losses [N] (overwritten).
extern "C" __global__ void __launch_bounds__(CE_THREADS)
softmax_cross_entropy(float* __restrict__ logits, float* __restrict__ losses, const int* __restrict__ targets,
                      int V, float scale) {
  __shared__ float max_slots[CE_WARPS];
  __shared__ float sum_slots[CE_WARPS];
  const int n = blockIdx.x, target = targets[n];
  float* row = logits + (size_t)n * V;
  if (target < 0) {  // no loss here (the whole block takes this branch)
    if (threadIdx.x == 0) losses[n] = 0.0f;
    if (scale != 0.0f)
      for (int v = threadIdx.x; v < V; v += CE_THREADS) row[v] = 0.0f;
    return;
  }
  const float x_target = row[target];  // read before any thread overwrites the row
  float m = -INFINITY;
  for (int v = threadIdx.x; v < V; v += CE_THREADS) m = fmaxf(m, row[v]);
  m = r_block_max<CE_WARPS>(m, max_slots);
  float s = 0.0f;
  for (int v = threadIdx.x; v < V; v += CE_THREADS) s += exp2f((row[v] - m) * CE_LOG2E);
  s = r_block_sum<CE_WARPS>(s, sum_slots);
  if (threadIdx.x == 0) losses[n] = __log2f(s) * CE_LN2 + (m - x_target);
  if (scale == 0.0f) return;
  // loss = log Σ e^x − x_target  ⇒  dloss/dx_v = softmax_v − [v = target]
  const float inv = 1.0f / s;
  for (int v = threadIdx.x; v < V; v += CE_THREADS)
    row[v] = (exp2f((row[v] - m) * CE_LOG2E) * inv - (v == target ? 1.0f : 0.0f)) * scale;
}
