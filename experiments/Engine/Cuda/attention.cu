// attention.cu — fused scaled-dot-product attention for NVIDIA GPUs, fp32, forward and backward.
// The same contract as the CPU kernel (experiments/Engine/Kernels): q, k, v, out (and dq, dk, dv, dout) are
// [B, T, NH, HS] with a row stride per tensor, so they may live inside a fused QKV buffer; lse and the
// backward's delta are [B, NH, T]; causal or bidirectional; optional per-sequence valid lengths (keys at
// positions ≥ length are masked, query rows ≥ length get 0 output, 0 lse and 0 gradients); T ≥ 1,
// HS ≤ 128. Flash-style: one pass over key/value tiles in shared memory with an online softmax in the
// log2 domain (exp2f only: the clang build has no libm), the T×T scores never stored. The backward is
// FlashAttention-2's with Δ = rowsum(dO ∘ O) precomputed, but split in two kernels (dK/dV per key tile,
// dQ per query tile) that each recompute P, so that nothing is accumulated with atomics and every
// result is bitwise reproducible. Not here: tensor cores, cp.async, bf16 — they cannot run on the CPU
// emulation the tests use, so each would need a scalar twin.
//
// Built three ways (cuda_compat.h): to PTX by clang at build time, as host C++ for the emulator tests,
// and by nvcc/NVRTC unchanged. Every barrier carries a `// barrier:` comment: the mutation check
// (harness/mutate.sh) removes each one in turn and requires the tests to fail.
#include "cuda_compat.h"

// Launch geometry. CudaAttention.cs mirrors these numbers; a mismatch fails its tests.
#define ATTN_THREADS 128    // threads per block, every kernel (4 warps)
#define ATTN_FWD_ROWS 16    // forward: query rows per block
#define ATTN_FWD_KEYS 32    // forward: keys per tile
#define ATTN_BWD_ROWS 16    // backward: query rows per tile (dQ kernel: per block)
#define ATTN_BWD_KEYS(DMAX) ((DMAX) >= 128 ? 16 : 32)  // backward: keys per tile (dK/dV kernel: per block);
                                                       // 16 for wide heads keeps shared memory ≤ 48 KB
#define ATTN_DELTA_ROWS (ATTN_THREADS / 32)           // delta kernel: one (t, h) row per warp
#define ATTN_STATIC_SHARED_LIMIT (48 * 1024)          // static __shared__ bytes a block may have

#define ATTN_LOG2E 1.4426950408889634f
#define ATTN_LN2 0.6931471805599453f
#define ATTN_FULL_MASK 0xffffffffu

static __device__ __forceinline__ int attn_valid_length(const int* valid_lengths, int b, int T) {
  return valid_lengths ? min(max(valid_lengths[b], 0), T) : T;
}

// Where head h of sequence b starts in a [B, T, NH·HS] tensor of row stride `stride`.
static __device__ __forceinline__ size_t attn_head(int b, int h, int T, int stride, int HS) {
  return (size_t)b * T * stride + (size_t)h * HS;
}

// Whether query qi sees key `key`.
static __device__ __forceinline__ bool attn_visible(int qi, int key, int len, int causal) {
  return qi < len && key < len && !(causal && key > qi);
}

// Rows [r0, r0 + ROWS) of a head (row stride `stride`) into a shared tile, times `mul`; rows ≥ limit as 0.
template <int ROWS, int PITCH>
static __device__ __forceinline__ void attn_load_tile(float (*tile)[PITCH], const float* __restrict__ src, int stride,
                                                      int r0, int limit, int HS, float mul = 1.0f) {
  for (int i = threadIdx.x; i < ROWS * HS; i += ATTN_THREADS) {
    const int r = i / HS, c = i - r * HS, t = r0 + r;
    tile[r][c] = t < limit ? src[(size_t)t * stride + c] * mul : 0.0f;
  }
}

// The backward's view of query rows [q0, q0 + BR): their q and dout rows, lse in the log2 domain and Δ.
template <int BR, int PITCH>
static __device__ __forceinline__ void attn_load_queries(float (*Qs)[PITCH], float (*dOs)[PITCH], float* lse2, float* dlt,
                                                         const float* __restrict__ q, const float* __restrict__ dout,
                                                         const float* __restrict__ lse, const float* __restrict__ delta,
                                                         int q_stride, int o_stride, int q0, int len, int HS) {
  attn_load_tile<BR>(Qs, q, q_stride, q0, len, HS);
  attn_load_tile<BR>(dOs, dout, o_stride, q0, len, HS);
  if (threadIdx.x < BR) {
    const int t = q0 + threadIdx.x;
    lse2[threadIdx.x] = t < len ? lse[t] * ATTN_LOG2E : 0.0f;
    dlt[threadIdx.x] = t < len ? delta[t] : 0.0f;
  }
}

// For the BR × BC tile of query rows q0… and keys k0…: P = 2^(q·k·scale·log2e − lse·log2e), the forward's
// softmax recomputed (0 where masked), into Ps unless null; dS = P ∘ (dP − Δ) with dP = dout·v, into dSs.
template <int BR, int BC, int PITCH>
static __device__ __forceinline__ void attn_backward_scores(const float (*Qs)[PITCH], const float (*dOs)[PITCH],
                                                            const float (*Ks)[PITCH], const float (*Vs)[PITCH],
                                                            const float* lse2, const float* dlt, float (*Ps)[BC + 1],
                                                            float (*dSs)[BC + 1], int q0, int k0, int len, int HS,
                                                            float sl2, int causal) {
  for (int e = threadIdx.x; e < BR * BC; e += ATTN_THREADS) {
    const int r = e / BC, j = e - r * BC;
    float s = 0.0f, dp = 0.0f;
    for (int c = 0; c < HS; ++c) {
      s += Qs[r][c] * Ks[j][c];
      dp += dOs[r][c] * Vs[j][c];
    }
    const float p = attn_visible(q0 + r, k0 + j, len, causal) ? exp2f(s * sl2 - lse2[r]) : 0.0f;
    if (Ps) Ps[r][j] = p;
    dSs[r][j] = p * (dp - dlt[r]);
  }
}

// out = softmax(scale · q kᵀ, masked) v and lse = ln Σ exp(scale · q kᵀ) per query row.
// grid = (ceil(T / ATTN_FWD_ROWS), NH, B). Each query row is owned by 8 consecutive lanes: they split
// the tile's keys for the scores and the head's columns for the output.
template <int DMAX>
static __device__ __forceinline__ void attention_forward(
    const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
    float* __restrict__ out, float* __restrict__ lse, const int* __restrict__ valid_lengths,
    int T, int NH, int HS, int q_stride, int k_stride, int v_stride, int o_stride, float scale, int causal) {
  constexpr int BR = ATTN_FWD_ROWS, BC = ATTN_FWD_KEYS;
  constexpr int TPR = ATTN_THREADS / BR;  // threads per query row
  constexpr int KPT = BC / TPR;           // keys scored per thread: j = sub + TPR·i
  constexpr int CPT = DMAX / TPR;         // output columns per thread: c = sub + TPR·t
  __shared__ float Qs[BR][DMAX + 1];      // +1: the rows one warp reads fall in different banks
  __shared__ float Ks[BC][DMAX + 1];
  __shared__ float Vs[BC][DMAX];
  __shared__ float Ps[BR][BC + 1];
  static_assert(sizeof(Qs) + sizeof(Ks) + sizeof(Vs) + sizeof(Ps) <= ATTN_STATIC_SHARED_LIMIT, "shared memory");
  static_assert(BR * TPR == ATTN_THREADS && KPT * TPR == BC && CPT * TPR == DMAX && TPR <= 32, "tiling");

  const int tid = threadIdx.x, r = tid / TPR, sub = tid % TPR;
  const int h = blockIdx.y, b = blockIdx.z, q0 = blockIdx.x * BR, qi = q0 + r;
  const int len = attn_valid_length(valid_lengths, b, T);
  q += attn_head(b, h, T, q_stride, HS);
  k += attn_head(b, h, T, k_stride, HS);
  v += attn_head(b, h, T, v_stride, HS);
  out += attn_head(b, h, T, o_stride, HS);
  lse += ((size_t)b * NH + h) * T;

  attn_load_tile<BR>(Qs, q, q_stride, q0, len, HS, scale * ATTN_LOG2E);  // scores come out in the log2 domain
  float m = -INFINITY, l = 0.0f, acc[CPT];  // running max (log2 domain), running sum, output row
  CUDA_UNROLL
  for (int t = 0; t < CPT; ++t) acc[t] = 0.0f;

  const int kend = causal ? min(len, q0 + BR) : len;  // keys no row of this tile may see come later
  for (int k0 = 0; k0 < kend; k0 += BC) {
    __syncthreads();  // barrier: the Q tile is stored, and the previous K/V/P tile fully read
    attn_load_tile<BC>(Ks, k, k_stride, k0, kend, HS);
    attn_load_tile<BC>(Vs, v, v_stride, k0, kend, HS);
    __syncthreads();  // barrier: the K/V tile is stored

    // s = q·k for this thread's keys, −∞ where masked; the tile's row max over the row's TPR lanes.
    float s[KPT], tile_max = -INFINITY;
    CUDA_UNROLL
    for (int i = 0; i < KPT; ++i) {
      float dot = 0.0f;
      for (int c = 0; c < HS; ++c) dot += Qs[r][c] * Ks[sub + TPR * i][c];
      s[i] = attn_visible(qi, k0 + sub + TPR * i, len, causal) ? dot : -INFINITY;
      tile_max = fmaxf(tile_max, s[i]);
    }
    for (int o = TPR / 2; o > 0; o >>= 1) tile_max = fmaxf(tile_max, __shfl_xor_sync(ATTN_FULL_MASK, tile_max, o));

    // Online softmax: p = 2^(s − m_new); old sum and output are rescaled by 2^(m_old − m_new).
    const float m_new = fmaxf(m, tile_max);
    const float m_ref = m_new == -INFINITY ? 0.0f : m_new;  // nothing visible yet: avoid −∞ − (−∞)
    const float alpha = exp2f(m - m_ref);
    float tile_sum = 0.0f;
    CUDA_UNROLL
    for (int i = 0; i < KPT; ++i) tile_sum += s[i] = exp2f(s[i] - m_ref);  // s becomes p
    for (int o = TPR / 2; o > 0; o >>= 1) tile_sum += __shfl_xor_sync(ATTN_FULL_MASK, tile_sum, o);
    l = l * alpha + tile_sum;
    m = m_new;
    CUDA_UNROLL
    for (int i = 0; i < KPT; ++i) Ps[r][sub + TPR * i] = s[i];
    __syncwarp();  // barrier: the row's P values, written by its TPR lanes of this warp, are visible

    CUDA_UNROLL
    for (int t = 0; t < CPT; ++t) acc[t] *= alpha;
    for (int j = 0; j < BC; ++j) {
      const float p = Ps[r][j];
      CUDA_UNROLL
      for (int t = 0; t < CPT; ++t)
        if (sub + TPR * t < HS) acc[t] += p * Vs[j][sub + TPR * t];
    }
  }

  if (qi >= T) return;
  const bool valid = qi < len;
  const float inv = valid ? 1.0f / l : 0.0f;
  CUDA_UNROLL
  for (int t = 0; t < CPT; ++t)
    if (sub + TPR * t < HS) out[(size_t)qi * o_stride + sub + TPR * t] = valid ? acc[t] * inv : 0.0f;
  if (sub == 0) lse[qi] = valid ? (m + __log2f(l)) * ATTN_LN2 : 0.0f;  // natural log
}

// delta[b][h][t] = Σ_c dout[b,t,h,c] · out[b,t,h,c] (0 for padded rows). grid = (ceil(T·NH / 4), B).
extern "C" __global__ void __launch_bounds__(ATTN_THREADS)
attention_backward_delta(const float* __restrict__ out, const float* __restrict__ dout, float* __restrict__ delta,
                         const int* __restrict__ valid_lengths, int T, int NH, int HS, int o_stride) {
  const int lane = threadIdx.x & 31, b = blockIdx.y;
  const int row = blockIdx.x * ATTN_DELTA_ROWS + (threadIdx.x >> 5);  // t·NH + h
  if (row >= T * NH) return;  // the whole warp leaves together
  const int t = row / NH, h = row - t * NH;
  const size_t at = ((size_t)b * T + t) * o_stride + (size_t)h * HS;
  float s = 0.0f;
  if (t < attn_valid_length(valid_lengths, b, T))
    for (int c = lane; c < HS; c += 32) s += dout[at + c] * out[at + c];
  for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(ATTN_FULL_MASK, s, o);
  if (lane == 0) delta[((size_t)b * NH + h) * T + t] = s;
}

// dk = scale · dSᵀ q and dv = Pᵀ dout for one tile of BC keys, looping over the query tiles that see
// it; P = 2^(s·scale·log2e − lse·log2e) is the forward's softmax recomputed, dS = P ∘ (dout vᵀ − Δ).
// grid = (ceil(T / BC), NH, B).
template <int DMAX>
static __device__ __forceinline__ void attention_backward_dkdv(
    const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
    const float* __restrict__ dout, const float* __restrict__ lse, const float* __restrict__ delta,
    float* __restrict__ dk, float* __restrict__ dv, const int* __restrict__ valid_lengths,
    int T, int NH, int HS, int q_stride, int k_stride, int v_stride, int o_stride, float scale, int causal) {
  constexpr int BR = ATTN_BWD_ROWS, BC = ATTN_BWD_KEYS(DMAX);
  constexpr int OWN = BC * DMAX / ATTN_THREADS;  // (key, column) pairs per thread: e = tid + ATTN_THREADS·i
  __shared__ float Ks[BC][DMAX + 1];
  __shared__ float Vs[BC][DMAX + 1];
  __shared__ float Qs[BR][DMAX + 1];
  __shared__ float dOs[BR][DMAX + 1];
  __shared__ float Ps[BR][BC + 1];
  __shared__ float dSs[BR][BC + 1];
  __shared__ float lse2[BR], dlt[BR];
  static_assert(sizeof(Ks) + sizeof(Vs) + sizeof(Qs) + sizeof(dOs) + sizeof(Ps) + sizeof(dSs) + sizeof(lse2) +
                        sizeof(dlt) <= ATTN_STATIC_SHARED_LIMIT, "shared memory");
  static_assert(OWN * ATTN_THREADS == BC * DMAX && BR <= ATTN_THREADS, "tiling");

  const int tid = threadIdx.x, h = blockIdx.y, b = blockIdx.z, k0 = blockIdx.x * BC;
  const int len = attn_valid_length(valid_lengths, b, T);
  q += attn_head(b, h, T, q_stride, HS);
  k += attn_head(b, h, T, k_stride, HS);
  v += attn_head(b, h, T, v_stride, HS);
  dout += attn_head(b, h, T, o_stride, HS);
  dk += attn_head(b, h, T, k_stride, HS);
  dv += attn_head(b, h, T, v_stride, HS);
  lse += ((size_t)b * NH + h) * T;
  delta += ((size_t)b * NH + h) * T;

  attn_load_tile<BC>(Ks, k, k_stride, k0, len, HS);
  attn_load_tile<BC>(Vs, v, v_stride, k0, len, HS);
  float dk_acc[OWN], dv_acc[OWN];
  CUDA_UNROLL
  for (int i = 0; i < OWN; ++i) dk_acc[i] = dv_acc[i] = 0.0f;

  // Causal: only rows ≥ k0 see these keys. Rows ≥ len see nothing, nor does anyone see keys ≥ len.
  const int qbegin = causal ? k0 / BR * BR : 0;
  const int qend = k0 < len ? len : 0;
  for (int q0 = qbegin; q0 < qend; q0 += BR) {
    __syncthreads();  // barrier: the K/V tile is stored, and the previous Q/dO/P/dS tile fully read
    attn_load_queries<BR>(Qs, dOs, lse2, dlt, q, dout, lse, delta, q_stride, o_stride, q0, len, HS);
    __syncthreads();  // barrier: the Q/dO tile is stored
    attn_backward_scores<BR, BC>(Qs, dOs, Ks, Vs, lse2, dlt, Ps, dSs, q0, k0, len, HS, scale * ATTN_LOG2E, causal);
    __syncthreads();  // barrier: the P and dS tiles are stored

    CUDA_UNROLL
    for (int i = 0; i < OWN; ++i) {  // dv += Pᵀ dout ; dk += dSᵀ q   (s = q kᵀ)
      const int e = tid + ATTN_THREADS * i, j = e / DMAX, c = e % DMAX;
      if (c >= HS) continue;
      float av = 0.0f, ak = 0.0f;
      for (int rr = 0; rr < BR; ++rr) {
        av += Ps[rr][j] * dOs[rr][c];
        ak += dSs[rr][j] * Qs[rr][c];
      }
      dv_acc[i] += av;
      dk_acc[i] += ak;
    }
  }

  CUDA_UNROLL
  for (int i = 0; i < OWN; ++i) {
    const int e = tid + ATTN_THREADS * i, j = e / DMAX, c = e % DMAX, key = k0 + j;
    if (key >= T || c >= HS) continue;
    dk[(size_t)key * k_stride + c] = key < len ? dk_acc[i] * scale : 0.0f;
    dv[(size_t)key * v_stride + c] = key < len ? dv_acc[i] : 0.0f;
  }
}

// dq = scale · dS k for one tile of BR query rows, looping over the key tiles it sees (P and dS
// recomputed as in the dK/dV kernel). grid = (ceil(T / ATTN_BWD_ROWS), NH, B).
template <int DMAX>
static __device__ __forceinline__ void attention_backward_dq(
    const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,
    const float* __restrict__ dout, const float* __restrict__ lse, const float* __restrict__ delta,
    float* __restrict__ dq, const int* __restrict__ valid_lengths,
    int T, int NH, int HS, int q_stride, int k_stride, int v_stride, int o_stride, float scale, int causal) {
  constexpr int BR = ATTN_BWD_ROWS, BC = ATTN_BWD_KEYS(DMAX);
  constexpr int OWN = BR * DMAX / ATTN_THREADS;  // (row, column) pairs per thread: e = tid + ATTN_THREADS·i
  __shared__ float Qs[BR][DMAX + 1];
  __shared__ float dOs[BR][DMAX + 1];
  __shared__ float Ks[BC][DMAX + 1];
  __shared__ float Vs[BC][DMAX + 1];
  __shared__ float dSs[BR][BC + 1];
  __shared__ float lse2[BR], dlt[BR];
  static_assert(sizeof(Qs) + sizeof(dOs) + sizeof(Ks) + sizeof(Vs) + sizeof(dSs) + sizeof(lse2) + sizeof(dlt) <=
                    ATTN_STATIC_SHARED_LIMIT, "shared memory");
  static_assert(OWN * ATTN_THREADS == BR * DMAX && BR <= ATTN_THREADS, "tiling");

  const int tid = threadIdx.x, h = blockIdx.y, b = blockIdx.z, q0 = blockIdx.x * BR;
  const int len = attn_valid_length(valid_lengths, b, T);
  q += attn_head(b, h, T, q_stride, HS);
  k += attn_head(b, h, T, k_stride, HS);
  v += attn_head(b, h, T, v_stride, HS);
  dout += attn_head(b, h, T, o_stride, HS);
  dq += attn_head(b, h, T, q_stride, HS);
  lse += ((size_t)b * NH + h) * T;
  delta += ((size_t)b * NH + h) * T;

  attn_load_queries<BR>(Qs, dOs, lse2, dlt, q, dout, lse, delta, q_stride, o_stride, q0, len, HS);
  float acc[OWN];
  CUDA_UNROLL
  for (int i = 0; i < OWN; ++i) acc[i] = 0.0f;

  const int kend = causal ? min(len, q0 + BR) : len;
  for (int k0 = 0; k0 < kend; k0 += BC) {
    __syncthreads();  // barrier: the Q/dO tile is stored, and the previous K/V/dS tile fully read
    attn_load_tile<BC>(Ks, k, k_stride, k0, kend, HS);
    attn_load_tile<BC>(Vs, v, v_stride, k0, kend, HS);
    __syncthreads();  // barrier: the K/V tile is stored
    attn_backward_scores<BR, BC>(Qs, dOs, Ks, Vs, lse2, dlt, nullptr, dSs, q0, k0, len, HS, scale * ATTN_LOG2E, causal);
    __syncthreads();  // barrier: the dS tile is stored

    CUDA_UNROLL
    for (int i = 0; i < OWN; ++i) {  // dq += dS k   (s = q kᵀ)
      const int e = tid + ATTN_THREADS * i, rr = e / DMAX, c = e % DMAX;
      if (c >= HS) continue;
      float a = 0.0f;
      for (int j = 0; j < BC; ++j) a += dSs[rr][j] * Ks[j][c];
      acc[i] += a;
    }
  }

  CUDA_UNROLL
  for (int i = 0; i < OWN; ++i) {
    const int e = tid + ATTN_THREADS * i, rr = e / DMAX, c = e % DMAX, qi = q0 + rr;
    if (qi >= T || c >= HS) continue;
    dq[(size_t)qi * q_stride + c] = qi < len ? acc[i] * scale : 0.0f;
  }
}

// The entry points: one set per head-size bucket DMAX ∈ {32, 64, 128} (HS ≤ DMAX), named
// attention_forward_<DMAX>, attention_backward_dkdv_<DMAX>, attention_backward_dq_<DMAX>.
#define ATTN_COMMON_PARAMS                                                                                    \
  const int* __restrict__ valid_lengths, int T, int NH, int HS, int q_stride, int k_stride, int v_stride, \
      int o_stride, float scale, int causal
#define ATTN_COMMON_ARGS valid_lengths, T, NH, HS, q_stride, k_stride, v_stride, o_stride, scale, causal
#define ATTN_ENTRY_POINTS(DMAX)                                                                                 \
  extern "C" __global__ void __launch_bounds__(ATTN_THREADS) attention_forward_##DMAX(                         \
      const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,                   \
      float* __restrict__ out, float* __restrict__ lse, ATTN_COMMON_PARAMS) {                                  \
    attention_forward<DMAX>(q, k, v, out, lse, ATTN_COMMON_ARGS);                                              \
  }                                                                                                             \
  extern "C" __global__ void __launch_bounds__(ATTN_THREADS) attention_backward_dkdv_##DMAX(                   \
      const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,                   \
      const float* __restrict__ dout, const float* __restrict__ lse, const float* __restrict__ delta,          \
      float* __restrict__ dk, float* __restrict__ dv, ATTN_COMMON_PARAMS) {                                    \
    attention_backward_dkdv<DMAX>(q, k, v, dout, lse, delta, dk, dv, ATTN_COMMON_ARGS);                        \
  }                                                                                                             \
  extern "C" __global__ void __launch_bounds__(ATTN_THREADS) attention_backward_dq_##DMAX(                     \
      const float* __restrict__ q, const float* __restrict__ k, const float* __restrict__ v,                   \
      const float* __restrict__ dout, const float* __restrict__ lse, const float* __restrict__ delta,          \
      float* __restrict__ dq, ATTN_COMMON_PARAMS) {                                                            \
    attention_backward_dq<DMAX>(q, k, v, dout, lse, delta, dq, ATTN_COMMON_ARGS);                              \
  }

ATTN_ENTRY_POINTS(32)
ATTN_ENTRY_POINTS(64)
ATTN_ENTRY_POINTS(128)
