// reduce.cuh — the block-wide reductions of the CUDA kernels: a warp reduces by butterfly shuffles,
// the warps' results go through shared memory, and every thread then combines them in warp order, so
// the result is the same bits in every thread and on every run. Each reduction has its own shared
// array (a caller passes it), so one barrier per reduction suffices: no shared slot is written twice.
#pragma once
#include "cuda_compat.h"

#define R_FULL_MASK 0xffffffffu

static __device__ __forceinline__ float r_warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(R_FULL_MASK, v, o);
  return v;
}

static __device__ __forceinline__ float r_warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(R_FULL_MASK, v, o));
  return v;
}

// The sum over the block of every thread's v (blockDim.x = WARPS·32); `slots` holds WARPS floats.
template <int WARPS>
static __device__ __forceinline__ float r_block_sum(float v, float* slots) {
  v = r_warp_sum(v);
  if (threadIdx.x % 32 == 0) slots[threadIdx.x / 32] = v;
  __syncthreads();  // barrier: every warp's sum is stored
  float s = slots[0];
  CUDA_UNROLL
  for (int w = 1; w < WARPS; ++w) s += slots[w];
  return s;
}

// The maximum over the block; `slots` holds WARPS floats.
template <int WARPS>
static __device__ __forceinline__ float r_block_max(float v, float* slots) {
  v = r_warp_max(v);
  if (threadIdx.x % 32 == 0) slots[threadIdx.x / 32] = v;
  __syncthreads();  // barrier: every warp's maximum is stored
  float m = slots[0];
  CUDA_UNROLL
  for (int w = 1; w < WARPS; ++w) m = fmaxf(m, slots[w]);
  return m;
}
