// layers.cu — the layer kernels of the CUDA backend, fp32, forward and backward: embedding, LayerNorm,
// RMSNorm, GELU, SwiGLU, RoPE, the residual add, the bias of a matmul and its gradient, and the row
// gather of the sparse scoring head. Each has the contract of the C# kernel of the same name
// (experiments/Engine/Kernels/<Name>.cs): the same formula, shapes, and overwrite-or-accumulate rule.
//
// Nothing is accumulated with atomics: a sum over rows (a norm's weight gradient, a bias gradient, the
// embedding's scatter-add) runs in a fixed order — chunk partials written to scratch, then summed chunk
// by chunk — so every result is bitwise the same on every run of the same GPU. The embedding backward
// adds each token's rows in row order, as the CPU kernel does; the host groups the rows by token.
//
// Rows of a norm are one warp each (lanes stride the channels, shuffles reduce): no shared memory and
// no barriers. Elementwise kernels are one thread per element. Built three ways (cuda_compat.h).
#pragma once
#include "cuda_compat.h"

// Launch geometry. CudaKernels.cs mirrors these numbers; the fake driver checks every grid.
#define K_THREADS 256                  // threads per block, every kernel here
#define K_ROWS_PER_BLOCK (K_THREADS / 32)  // warp-per-row kernels: rows per block
#define K_CHUNK_ROWS 64                // column sums: rows per partial (one partial per chunk per column)
#define K_LOG2E 1.4426950408889634f
#define K_FULL_MASK 0xffffffffu

static __device__ __forceinline__ size_t k_index() { return (size_t)blockIdx.x * K_THREADS + threadIdx.x; }

static __device__ __forceinline__ float k_warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(K_FULL_MASK, v, o);
  return v;
}

// e^x for the activations, in the log2 domain (exp2f only: the clang build has no libm), the argument
// clamped to ±88 as the C# kernels clamp it, so that 1 + e never overflows to ∞.
static __device__ __forceinline__ float k_exp(float x) { return exp2f(fminf(fmaxf(x, -88.0f), 88.0f) * K_LOG2E); }

// ---- embedding -------------------------------------------------------------------------------------

// out[n, c] = wte[tokens[n], c] + wpe[n mod T, c] (wpe null: no position table). grid = ceil(N·C / K_THREADS).
extern "C" __global__ void __launch_bounds__(K_THREADS)
embedding_forward(float* __restrict__ out, const int* __restrict__ tokens, const float* __restrict__ wte,
                  const float* __restrict__ wpe, int N, int T, int C) {
  const size_t i = k_index();
  if (i >= (size_t)N * C) return;
  const int n = (int)(i / C), c = (int)(i - (size_t)n * C);
  float x = wte[(size_t)tokens[n] * C + c];
  if (wpe) x += wpe[(size_t)(n % T) * C + c];
  out[i] = x;
}

// dwte[token, c] += Σ dout[n, c] over the rows n of that token, in increasing n (the CPU kernel's order).
// The host groups the rows: group g is token group_tokens[g], its rows rows[starts[g] .. starts[g+1]).
// grid = (ceil(C / K_THREADS), groups).
extern "C" __global__ void __launch_bounds__(K_THREADS)
embedding_backward_tokens(float* __restrict__ dwte, const float* __restrict__ dout, const int* __restrict__ rows,
                          const int* __restrict__ starts, const int* __restrict__ group_tokens, int C) {
  const int c = blockIdx.x * K_THREADS + threadIdx.x, g = blockIdx.y;
  if (c >= C) return;
  float* dst = dwte + (size_t)group_tokens[g] * C + c;
  float acc = *dst;
  for (int i = starts[g]; i < starts[g + 1]; ++i) acc += dout[(size_t)rows[i] * C + c];
  *dst = acc;
}

// dwpe[t, c] += Σ_b dout[b·T + t, c], b in increasing order. grid = ceil(T·C / K_THREADS).
extern "C" __global__ void __launch_bounds__(K_THREADS)
embedding_backward_positions(float* __restrict__ dwpe, const float* __restrict__ dout, int B, int T, int C) {
  const size_t i = k_index();
  if (i >= (size_t)T * C) return;
  float acc = dwpe[i];
  for (int b = 0; b < B; ++b) acc += dout[(size_t)b * T * C + i];
  dwpe[i] = acc;
}

// ---- LayerNorm and RMSNorm ------------------------------------------------------------------------

// out = (x − μ)·rstd·weight + bias per row (bias null: none); mean[n] = μ, rstd[n] = 1/√(var + eps).
// One warp per row. grid = ceil(N / K_ROWS_PER_BLOCK).
extern "C" __global__ void __launch_bounds__(K_THREADS)
layernorm_forward(float* __restrict__ out, float* __restrict__ mean, float* __restrict__ rstd,
                  const float* __restrict__ inp, const float* __restrict__ weight, const float* __restrict__ bias,
                  int N, int C, float eps) {
  const int lane = threadIdx.x % 32, n = blockIdx.x * K_ROWS_PER_BLOCK + threadIdx.x / 32;
  if (n >= N) return;
  const float* x = inp + (size_t)n * C;
  float s = 0.0f;
  for (int c = lane; c < C; c += 32) s += x[c];
  const float m = k_warp_sum(s) / C;
  float v = 0.0f;
  for (int c = lane; c < C; c += 32) v += (x[c] - m) * (x[c] - m);
  const float r = 1.0f / sqrtf(k_warp_sum(v) / C + eps);
  float* y = out + (size_t)n * C;
  for (int c = lane; c < C; c += 32) y[c] = (x[c] - m) * r * weight[c] + (bias ? bias[c] : 0.0f);
  if (lane == 0) {
    mean[n] = m;
    rstd[n] = r;
  }
}

// dinp += rstd·(g − mean(g) − x̂·mean(g ⊙ x̂)) with x̂ = (x − μ)·rstd, g = weight ⊙ dout. One warp per row.
// (The weight and bias gradients are column sums: norm_partials, then column_sums_add.)
extern "C" __global__ void __launch_bounds__(K_THREADS)
layernorm_backward_input(float* __restrict__ dinp, const float* __restrict__ dout, const float* __restrict__ inp,
                         const float* __restrict__ weight, const float* __restrict__ mean,
                         const float* __restrict__ rstd, int N, int C) {
  const int lane = threadIdx.x % 32, n = blockIdx.x * K_ROWS_PER_BLOCK + threadIdx.x / 32;
  if (n >= N) return;
  const size_t o = (size_t)n * C;
  const float mu = mean[n], r = rstd[n];
  float gs = 0.0f, gxs = 0.0f;
  for (int c = lane; c < C; c += 32) {
    const float g = weight[c] * dout[o + c];
    gs += g;
    gxs += g * (inp[o + c] - mu) * r;
  }
  const float g_mean = k_warp_sum(gs) / C, gx_mean = k_warp_sum(gxs) / C;
  for (int c = lane; c < C; c += 32) {
    const float xhat = (inp[o + c] - mu) * r;
    dinp[o + c] += (weight[c] * dout[o + c] - g_mean - xhat * gx_mean) * r;
  }
}

// out = x·rstd·weight per row, rstd[n] = 1/√(mean(x²) + eps). One warp per row.
extern "C" __global__ void __launch_bounds__(K_THREADS)
rmsnorm_forward(float* __restrict__ out, float* __restrict__ rstd, const float* __restrict__ inp,
                const float* __restrict__ weight, int N, int C, float eps) {
  const int lane = threadIdx.x % 32, n = blockIdx.x * K_ROWS_PER_BLOCK + threadIdx.x / 32;
  if (n >= N) return;
  const float* x = inp + (size_t)n * C;
  float ss = 0.0f;
  for (int c = lane; c < C; c += 32) ss += x[c] * x[c];
  const float r = 1.0f / sqrtf(k_warp_sum(ss) / C + eps);
  float* y = out + (size_t)n * C;
  for (int c = lane; c < C; c += 32) y[c] = x[c] * r * weight[c];
  if (lane == 0) rstd[n] = r;
}

// dinp += rstd·(g − x̂·mean(g ⊙ x̂)) with x̂ = x·rstd, g = weight ⊙ dout. One warp per row.
extern "C" __global__ void __launch_bounds__(K_THREADS)
rmsnorm_backward_input(float* __restrict__ dinp, const float* __restrict__ dout, const float* __restrict__ inp,
                       const float* __restrict__ weight, const float* __restrict__ rstd, int N, int C) {
  const int lane = threadIdx.x % 32, n = blockIdx.x * K_ROWS_PER_BLOCK + threadIdx.x / 32;
  if (n >= N) return;
  const size_t o = (size_t)n * C;
  const float r = rstd[n];
  float gxs = 0.0f;
  for (int c = lane; c < C; c += 32) gxs += weight[c] * dout[o + c] * inp[o + c] * r;
  const float gx_mean = k_warp_sum(gxs) / C;
  for (int c = lane; c < C; c += 32) dinp[o + c] += (weight[c] * dout[o + c] - inp[o + c] * r * gx_mean) * r;
}

// Per chunk of K_CHUNK_ROWS rows and per column c, the chunk's share of a norm's parameter gradients:
// partials[k·C + c] = Σ_rows dout ⊙ x̂ (the weight's) and, with mean non-null (LayerNorm),
// partials[(chunks + k)·C + c] = Σ_rows dout (the bias's). x̂ = (x − mean)·rstd, or x·rstd when mean is
// null (RMSNorm). Rows in increasing order. grid = (ceil(C / K_THREADS), chunks = ceil(N / K_CHUNK_ROWS)).
extern "C" __global__ void __launch_bounds__(K_THREADS)
norm_partials(float* __restrict__ partials, const float* __restrict__ dout, const float* __restrict__ inp,
              const float* __restrict__ mean, const float* __restrict__ rstd, int N, int C) {
  const int c = blockIdx.x * K_THREADS + threadIdx.x, k = blockIdx.y;
  if (c >= C) return;
  const int n0 = k * K_CHUNK_ROWS, n1 = min(N, n0 + K_CHUNK_ROWS);
  float w = 0.0f, b = 0.0f;
  for (int n = n0; n < n1; ++n) {
    const size_t i = (size_t)n * C + c;
    const float xhat = (inp[i] - (mean ? mean[n] : 0.0f)) * rstd[n];
    w += dout[i] * xhat;
    b += dout[i];
  }
  partials[(size_t)k * C + c] = w;
  if (mean) partials[((size_t)gridDim.y + k) * C + c] = b;
}

// Per chunk of K_CHUNK_ROWS rows of x [N, C]: partials[k·C + c] = Σ_rows x[n, c] (a bias gradient's
// chunk sums). grid = (ceil(C / K_THREADS), ceil(N / K_CHUNK_ROWS)).
extern "C" __global__ void __launch_bounds__(K_THREADS)
column_partials(float* __restrict__ partials, const float* __restrict__ x, int N, int C) {
  const int c = blockIdx.x * K_THREADS + threadIdx.x, k = blockIdx.y;
  if (c >= C) return;
  const int n0 = k * K_CHUNK_ROWS, n1 = min(N, n0 + K_CHUNK_ROWS);
  float s = 0.0f;
  for (int n = n0; n < n1; ++n) s += x[(size_t)n * C + c];
  partials[(size_t)k * C + c] = s;
}

// dst[c] += Σ_k partials[k·C + c], chunks in increasing order. grid = ceil(C / K_THREADS).
extern "C" __global__ void __launch_bounds__(K_THREADS)
column_sums_add(float* __restrict__ dst, const float* __restrict__ partials, int chunks, int C) {
  const int c = blockIdx.x * K_THREADS + threadIdx.x;
  if (c >= C) return;
  float s = 0.0f;
  for (int k = 0; k < chunks; ++k) s += partials[(size_t)k * C + c];
  dst[c] += s;
}

// ---- activations, residual, bias --------------------------------------------------------------------

// GELU, tanh form: out = x·σ(2u), u = √(2/π)(x + 0.044715x³) (= ½x(1 + tanh u)). grid = ceil(n / K_THREADS).
#define K_GELU_K0 0.7978845608028654f
#define K_GELU_K1 0.044715f
extern "C" __global__ void __launch_bounds__(K_THREADS)
gelu_forward(float* __restrict__ out, const float* __restrict__ inp, int n) {
  const size_t i = k_index();
  if (i >= (size_t)n) return;
  const float x = inp[i];
  out[i] = x / (1.0f + k_exp(-2.0f * K_GELU_K0 * (x + K_GELU_K1 * x * x * x)));
}

// dinp = dout·gelu′(inp), OVERWRITTEN; with s = σ(2u): gelu′ = s + 2x·s(1 − s)·u′. dinp may be dout.
extern "C" __global__ void __launch_bounds__(K_THREADS)
gelu_backward(float* dinp, const float* dout, const float* __restrict__ inp, int n) {
  const size_t i = k_index();
  if (i >= (size_t)n) return;
  const float x = inp[i];
  const float e = k_exp(-2.0f * K_GELU_K0 * (x + K_GELU_K1 * x * x * x));
  const float s = 1.0f / (1.0f + e), one_minus_s = e * s;
  dinp[i] = (s + 2.0f * x * s * one_minus_s * K_GELU_K0 * (1.0f + 3.0f * K_GELU_K1 * x * x)) * dout[i];
}

// out[n, j] = SiLU(inp[n, j])·inp[n, H + j]; inp [N, 2H], out [N, H]. grid = ceil(N·H / K_THREADS).
extern "C" __global__ void __launch_bounds__(K_THREADS)
swiglu_forward(float* __restrict__ out, const float* __restrict__ inp, int N, int H) {
  const size_t i = k_index();
  if (i >= (size_t)N * H) return;
  const size_t n = i / H, j = i - n * H;
  const float a = inp[n * 2 * H + j], b = inp[n * 2 * H + H + j];
  out[i] = a / (1.0f + k_exp(-a)) * b;
}

// dinp (OVERWRITTEN) with s = σ(a): gate dout·b·s(1 + a(1 − s)), value dout·a·s.
extern "C" __global__ void __launch_bounds__(K_THREADS)
swiglu_backward(float* __restrict__ dinp, const float* __restrict__ dout, const float* __restrict__ inp, int N, int H) {
  const size_t i = k_index();
  if (i >= (size_t)N * H) return;
  const size_t n = i / H, j = i - n * H;
  const float a = inp[n * 2 * H + j], b = inp[n * 2 * H + H + j], dy = dout[i];
  const float s = 1.0f / (1.0f + k_exp(-a));
  dinp[n * 2 * H + j] = dy * b * s * (1.0f + a * (1.0f - s));
  dinp[n * 2 * H + H + j] = dy * a * s;
}

// In place on the NH heads of each row of x (row stride `stride`): pairs (i, i + HS/2) rotated by the
// table's angle of the row's position, (x_i, x_j) ← (x_i·cos − x_j·sin·sign, x_j·cos + x_i·sin·sign);
// sign −1 is the inverse rotation (the backward). cos, sin [T, HS/2]. grid = ceil(B·T·NH·HS/2 / K_THREADS).
extern "C" __global__ void __launch_bounds__(K_THREADS)
rope_rotate(float* __restrict__ x, const float* __restrict__ cos_table, const float* __restrict__ sin_table,
            int B, int T, int NH, int HS, int stride, float sign) {
  const int half = HS / 2;
  const size_t i = k_index();
  if (i >= (size_t)B * T * NH * half) return;
  const size_t row = i / ((size_t)NH * half);
  const int rest = (int)(i - row * NH * half), h = rest / half, p = rest - h * half, t = (int)(row % T);
  float* head = x + row * stride + (size_t)h * HS;
  const float c = cos_table[(size_t)t * half + p], s = sin_table[(size_t)t * half + p] * sign;
  const float a = head[p], b = head[p + half];
  head[p] = a * c - b * s;
  head[p + half] = b * c + a * s;
}

// acc[i] += x[i]. grid = ceil(n / K_THREADS).
extern "C" __global__ void __launch_bounds__(K_THREADS)
residual_add(float* __restrict__ acc, const float* __restrict__ x, int n) {
  const size_t i = k_index();
  if (i < (size_t)n) acc[i] += x[i];
}

// out[n, o] += bias[o] (after a matmul wrote out). grid = ceil(N·OC / K_THREADS).
extern "C" __global__ void __launch_bounds__(K_THREADS)
bias_add(float* __restrict__ out, const float* __restrict__ bias, int N, int OC) {
  const size_t i = k_index();
  if (i < (size_t)N * OC) out[i] += bias[i % OC];
}

// x[i] *= factor. grid = ceil(n / K_THREADS).
extern "C" __global__ void __launch_bounds__(K_THREADS)
scale_inplace(float* __restrict__ x, float factor, int n) {
  const size_t i = k_index();
  if (i < (size_t)n) x[i] *= factor;
}

// dst[m, :] = src[rows[m], :], C floats a row (the rows of a hidden state that carry a target).
// grid = ceil(M·C / K_THREADS).
extern "C" __global__ void __launch_bounds__(K_THREADS)
gather_rows(float* __restrict__ dst, const float* __restrict__ src, const int* __restrict__ rows, int M, int C) {
  const size_t i = k_index();
  if (i >= (size_t)M * C) return;
  const size_t m = i / C, c = i - m * C;
  dst[i] = src[(size_t)rows[m] * C + c];
}
