// gemm.cu — the CUDA backend's own matrix product, for machines where cuBLAS is not installed (the
// driver alone is enough to train): fp32, 64×64 output tiles, k in steps of 16 through shared memory,
// each of 256 threads computing a 4×4 block of outputs. Row-major, with either operand transposed:
//   C[m, n] = beta·C[m, n] + Σ_k A(m, k)·B(k, n),  A(m, k) = trans_a ? A[k·lda + m] : A[m·lda + k],
//                                                  B(k, n) = trans_b ? B[n·ldb + k] : B[k·ldb + n].
// beta is 0 (C overwritten, never read) or 1 (accumulated). k runs in increasing order for every
// output: results are the same bits on every run. `round` gives the precision of the products' inputs,
// as tensor cores would take them: 0 fp32, 1 tf32 (10 mantissa bits), 2 bf16 (7 mantissa bits), each
// element rounded to nearest-even as it is loaded; the sums are fp32 in every mode. No tensor cores: the CPU emulation that tests this
// source cannot run mma.sync, and an untested inline-PTX path could break the whole module at JIT
// time; cuBLAS is the fast path.
#pragma once
#include "cuda_compat.h"

#define GEMM_THREADS 256
#define GEMM_TILE 64  // output rows and columns per block
#define GEMM_KT 16    // k per shared-memory step
#define GEMM_ROUND_FP32 0
#define GEMM_ROUND_TF32 1
#define GEMM_ROUND_BF16 2

// x with its mantissa rounded to nearest-even at `drop` fewer bits (13: tf32, 16: bf16); 0 keeps it.
static __device__ __forceinline__ float gemm_round(float x, int drop) {
  if (drop == 0) return x;
  unsigned u;
  __builtin_memcpy(&u, &x, sizeof u);
  if ((u & 0x7f800000u) != 0x7f800000u) {  // finite: round; inf and NaN pass unchanged
    const unsigned half = (1u << (drop - 1)) - 1u + ((u >> drop) & 1u);
    u = (u + half) & ~((1u << drop) - 1u);
  }
  __builtin_memcpy(&x, &u, sizeof u);
  return x;
}

// bf16 bits of x, rounded to nearest-even (the inputs of a cuBLAS bf16 product). grid = ceil(n / GEMM_THREADS).
extern "C" __global__ void __launch_bounds__(GEMM_THREADS)
cast_bf16(unsigned short* __restrict__ dst, const float* __restrict__ src, int n) {
  const size_t i = (size_t)blockIdx.x * GEMM_THREADS + threadIdx.x;
  if (i >= (size_t)n) return;
  const float r = gemm_round(src[i], 16);
  unsigned u;
  __builtin_memcpy(&u, &r, sizeof u);
  dst[i] = (unsigned short)(u >> 16);
}

// grid = (ceil(N / GEMM_TILE), ceil(M / GEMM_TILE)).
extern "C" __global__ void __launch_bounds__(GEMM_THREADS)
gemm_tiled(float* __restrict__ C, const float* __restrict__ A, const float* __restrict__ B, int M, int N, int K,
           int lda, int ldb, int ldc, int trans_a, int trans_b, float beta, int round) {
  const int drop = round == GEMM_ROUND_TF32 ? 13 : round == GEMM_ROUND_BF16 ? 16 : 0;
  __shared__ float As[GEMM_KT][GEMM_TILE + 1];  // As[k][m]
  __shared__ float Bs[GEMM_KT][GEMM_TILE + 1];  // Bs[k][n]
  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  const int m0 = blockIdx.y * GEMM_TILE, n0 = blockIdx.x * GEMM_TILE;
  float acc[4][4];
  CUDA_UNROLL
  for (int i = 0; i < 4; ++i)
    CUDA_UNROLL
    for (int j = 0; j < 4; ++j) acc[i][j] = 0.0f;

  for (int k0 = 0; k0 < K; k0 += GEMM_KT) {
    for (int e = threadIdx.x; e < GEMM_KT * GEMM_TILE; e += GEMM_THREADS) {
      const int kk = e / GEMM_TILE, r = e - kk * GEMM_TILE, k = k0 + kk;
      const int m = m0 + r, n = n0 + r;
      As[kk][r] = m < M && k < K ? gemm_round(trans_a ? A[(size_t)k * lda + m] : A[(size_t)m * lda + k], drop) : 0.0f;
      Bs[kk][r] = n < N && k < K ? gemm_round(trans_b ? B[(size_t)n * ldb + k] : B[(size_t)k * ldb + n], drop) : 0.0f;
    }
    __syncthreads();  // barrier: the A and B tiles are stored
    CUDA_UNROLL
    for (int kk = 0; kk < GEMM_KT; ++kk) {
      float a[4], b[4];
      CUDA_UNROLL
      for (int i = 0; i < 4; ++i) a[i] = As[kk][ty * 4 + i];
      CUDA_UNROLL
      for (int j = 0; j < 4; ++j) b[j] = Bs[kk][tx * 4 + j];
      CUDA_UNROLL
      for (int i = 0; i < 4; ++i)
        CUDA_UNROLL
        for (int j = 0; j < 4; ++j) acc[i][j] += a[i] * b[j];
    }
    __syncthreads();  // barrier: every thread is done with the tiles before the next step overwrites them
  }
  CUDA_UNROLL
  for (int i = 0; i < 4; ++i) {
    const int m = m0 + ty * 4 + i;
    if (m >= M) continue;
    CUDA_UNROLL
    for (int j = 0; j < 4; ++j) {
      const int n = n0 + tx * 4 + j;
      if (n >= N) continue;
      float* c = C + (size_t)m * ldc + n;
      *c = beta != 0.0f ? *c + acc[i][j] : acc[i][j];
    }
  }
}
