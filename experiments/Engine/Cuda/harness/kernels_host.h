// kernels_host.h — host side of layers.cu, loss.cu, optim.cu and gemm.cu for the C++ harness: each
// operation of the backend seam as the CUDA backend (CudaBackend.cs) launches it — the same grids, the
// same kernel sequence (a norm's backward: the input kernel, the chunk partials, the column sums), the
// same host-side preparation (the embedding backward's rows grouped by token) — on the CPU emulation.
// Include after kernels.cu.
#pragma once
#include <algorithm>
#include <cstddef>
#include <map>
#include <vector>

namespace kern {

inline unsigned blocks(std::size_t n, int per) { return static_cast<unsigned>((n + per - 1) / per); }
inline int chunks(int rows) { return static_cast<int>(blocks(rows, K_CHUNK_ROWS)); }

inline void embedding_forward(float* out, const int* tokens, const float* wte, const float* wpe, int N, int T, int C) {
  cuemu::launch(::embedding_forward, dim3(blocks(static_cast<std::size_t>(N) * C, K_THREADS)), dim3(K_THREADS), out, tokens,
                wte, wpe, N, T, C);
}

// The rows of each token, in increasing row order, tokens in increasing order (what the C# backend builds).
struct TokenGroups {
  std::vector<int> rows, starts, tokens;
};
inline TokenGroups group_rows(const int* ids, int N) {
  std::map<int, std::vector<int>> by_token;
  for (int n = 0; n < N; ++n) by_token[ids[n]].push_back(n);
  TokenGroups g;
  g.starts.push_back(0);
  for (const auto& [token, rows] : by_token) {
    g.tokens.push_back(token);
    g.rows.insert(g.rows.end(), rows.begin(), rows.end());
    g.starts.push_back(static_cast<int>(g.rows.size()));
  }
  return g;
}

inline void embedding_backward(float* dwte, float* dwpe, const float* dout, const int* tokens, int B, int T, int C) {
  const TokenGroups g = group_rows(tokens, B * T);
  cuemu::launch(::embedding_backward_tokens, dim3(blocks(C, K_THREADS), static_cast<unsigned>(g.tokens.size())), dim3(K_THREADS),
                dwte, dout, g.rows.data(), g.starts.data(), g.tokens.data(), C);
  if (dwpe)
    cuemu::launch(::embedding_backward_positions, dim3(blocks(static_cast<std::size_t>(T) * C, K_THREADS)), dim3(K_THREADS), dwpe,
                  dout, B, T, C);
}

inline void layernorm_forward(float* out, float* mean, float* rstd, const float* inp, const float* w, const float* b, int N,
                              int C, float eps) {
  cuemu::launch(::layernorm_forward, dim3(blocks(N, K_ROWS_PER_BLOCK)), dim3(K_THREADS), out, mean, rstd, inp, w, b, N, C, eps);
}

// partials: scratch of 2·chunks(N)·C floats.
inline void layernorm_backward(float* dinp, float* dw, float* db, const float* dout, const float* inp, const float* w,
                               const float* mean, const float* rstd, int N, int C, float* partials) {
  cuemu::launch(::layernorm_backward_input, dim3(blocks(N, K_ROWS_PER_BLOCK)), dim3(K_THREADS), dinp, dout, inp, w, mean,
                rstd, N, C);
  const int k = chunks(N);
  cuemu::launch(::norm_partials, dim3(blocks(C, K_THREADS), k), dim3(K_THREADS), partials, dout, inp, mean, rstd, N, C);
  cuemu::launch(::column_sums_add, dim3(blocks(C, K_THREADS)), dim3(K_THREADS), dw, static_cast<const float*>(partials), k, C);
  cuemu::launch(::column_sums_add, dim3(blocks(C, K_THREADS)), dim3(K_THREADS), db,
                static_cast<const float*>(partials + static_cast<std::size_t>(k) * C), k, C);
}

inline void rmsnorm_forward(float* out, float* rstd, const float* inp, const float* w, int N, int C, float eps) {
  cuemu::launch(::rmsnorm_forward, dim3(blocks(N, K_ROWS_PER_BLOCK)), dim3(K_THREADS), out, rstd, inp, w, N, C, eps);
}

// partials: scratch of chunks(N)·C floats.
inline void rmsnorm_backward(float* dinp, float* dw, const float* dout, const float* inp, const float* w, const float* rstd,
                             int N, int C, float* partials) {
  cuemu::launch(::rmsnorm_backward_input, dim3(blocks(N, K_ROWS_PER_BLOCK)), dim3(K_THREADS), dinp, dout, inp, w, rstd, N, C);
  const int k = chunks(N);
  cuemu::launch(::norm_partials, dim3(blocks(C, K_THREADS), k), dim3(K_THREADS), partials, dout, inp,
                static_cast<const float*>(nullptr), rstd, N, C);
  cuemu::launch(::column_sums_add, dim3(blocks(C, K_THREADS)), dim3(K_THREADS), dw, static_cast<const float*>(partials), k, C);
}

inline void elementwise(void (*kernel)(float*, const float*, int), float* out, const float* inp, int n) {
  cuemu::launch(kernel, dim3(blocks(n, K_THREADS)), dim3(K_THREADS), out, inp, n);
}

inline void gelu_backward(float* dinp, const float* dout, const float* inp, int n) {
  cuemu::launch(::gelu_backward, dim3(blocks(n, K_THREADS)), dim3(K_THREADS), dinp, dout, inp, n);
}

inline void swiglu_forward(float* out, const float* inp, int N, int H) {
  cuemu::launch(::swiglu_forward, dim3(blocks(static_cast<std::size_t>(N) * H, K_THREADS)), dim3(K_THREADS), out, inp, N, H);
}

inline void swiglu_backward(float* dinp, const float* dout, const float* inp, int N, int H) {
  cuemu::launch(::swiglu_backward, dim3(blocks(static_cast<std::size_t>(N) * H, K_THREADS)), dim3(K_THREADS), dinp, dout,
                inp, N, H);
}

inline void rope(float* x, const float* cos_t, const float* sin_t, int B, int T, int NH, int HS, int stride, float sign) {
  cuemu::launch(::rope_rotate, dim3(blocks(static_cast<std::size_t>(B) * T * NH * (HS / 2), K_THREADS)), dim3(K_THREADS), x,
                cos_t, sin_t, B, T, NH, HS, stride, sign);
}

// C[M, N] = beta·C + op(A)·op(B), row-major (gemm.cu).
inline void gemm(float* C, const float* A, const float* B, int M, int N, int K, int lda, int ldb, int ldc, bool ta, bool tb,
                 float beta, int round = GEMM_ROUND_FP32) {
  cuemu::launch(::gemm_tiled, dim3(blocks(N, GEMM_TILE), blocks(M, GEMM_TILE)), dim3(GEMM_THREADS), C, A, B, M, N, K, lda, ldb,
                ldc, static_cast<int>(ta), static_cast<int>(tb), beta, round);
}

inline void cast_bf16(unsigned short* dst, const float* src, int n) {
  cuemu::launch(::cast_bf16, dim3(blocks(n, GEMM_THREADS)), dim3(GEMM_THREADS), dst, src, n);
}

// out[N, OC] = inp[N, C]·weight[OC, C]ᵀ + bias (bias may be null).
inline void matmul_forward(float* out, const float* inp, const float* w, const float* bias, int N, int C, int OC) {
  gemm(out, inp, w, N, OC, C, C, C, OC, false, true, 0.0f);
  if (bias) cuemu::launch(::bias_add, dim3(blocks(static_cast<std::size_t>(N) * OC, K_THREADS)), dim3(K_THREADS), out, bias, N, OC);
}

// dinp += dout·W (dinp may be null), dW += doutᵀ·inp, dbias += Σ_n dout (dbias may be null).
// partials: scratch of chunks(N)·OC floats.
inline void matmul_backward(float* dinp, float* dw, float* dbias, const float* dout, const float* inp, const float* w, int N,
                            int C, int OC, float* partials) {
  if (dinp) gemm(dinp, dout, w, N, C, OC, OC, C, C, false, false, 1.0f);
  gemm(dw, dout, inp, OC, C, N, OC, C, C, true, false, 1.0f);
  if (dbias) {
    const int k = chunks(N);
    cuemu::launch(::column_partials, dim3(blocks(OC, K_THREADS), k), dim3(K_THREADS), partials, dout, N, OC);
    cuemu::launch(::column_sums_add, dim3(blocks(OC, K_THREADS)), dim3(K_THREADS), dbias, static_cast<const float*>(partials), k,
                  OC);
  }
}

inline void softmax_ce(float* logits, float* losses, const int* targets, int N, int V, float scale) {
  cuemu::launch(::softmax_cross_entropy, dim3(N), dim3(CE_THREADS), logits, losses, targets, V, scale);
}

// ‖g‖² as the backend computes it: chunk sums on the device, added in double in chunk order on the host.
inline double sumsq(const float* g, int n) {
  std::vector<float> partials(blocks(n, OPT_NORM_CHUNK), NAN);
  cuemu::launch(::sumsq_partials, dim3(blocks(n, OPT_NORM_CHUNK)), dim3(OPT_THREADS), partials.data(), g, n);
  double s = 0;
  for (float p : partials) s += p;
  return s;
}

inline void adamw(float* p, const float* g, float* m, float* v, const unsigned char* decay, int n, float lr, float b1, float b2,
                  float eps, float wd, int t) {
  const float c1 = static_cast<float>(1.0 / (1.0 - std::pow(b1, t))), c2 = static_cast<float>(1.0 / (1.0 - std::pow(b2, t)));
  cuemu::launch(::adamw, dim3(blocks(n, OPT_THREADS)), dim3(OPT_THREADS), p, g, m, v, decay, n, lr, b1, b2, eps, wd, c1, c2);
}

}  // namespace kern
