// kernels_test.cpp — runs layers.cu, loss.cu, optim.cu and gemm.cu on the CPU emulation of the CUDA grid,
// each operation launched as the CUDA backend launches it (kernels_host.h), and holds every output to a
// float64 reference written here from the contracts (relative L2 ≤ 1e-5 per tensor, 1e-6 for the exact
// ones). Outputs that are overwritten start as NaN (a forgotten write shows); accumulated ones start from
// random values (a += that became = shows); strided views have gaps that must keep their sentinel.
//
//   kernels_test            every case
//   kernels_test --quick    the small cases (ThreadSanitizer and the mutation check use these)
//   kernels_test --case N   one case
// Built by harness/Makefile: with the fiber backend for speed, with threads under ThreadSanitizer.
#ifndef KERNELS_SOURCE
#define KERNELS_SOURCE "../kernels.cu"
#endif
#include KERNELS_SOURCE
#include "kernels_host.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

// fp32 kernels against float64: sums of up to a few thousand terms in another order, exp2 of rounded
// arguments; the errors seen are 1e-7 … 2e-6. 1e-5 leaves room and still catches a wrong index, scale or
// a missed term (1e-3 and up).
constexpr double kTolerance = 1e-5;
constexpr float kSentinel = 12345.0f;

using Vec = std::vector<float>;
using DVec = std::vector<double>;

double rel_l2(const float* got, const DVec& want) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (!std::isfinite(got[i])) return INFINITY;
    num += (got[i] - want[i]) * (got[i] - want[i]);
    den += want[i] * want[i];
  }
  const double n = static_cast<double>(want.size());
  return den > 1e-12 * n ? std::sqrt(num / den) : std::sqrt(num / std::max(1.0, n));
}
double rel_l2(const Vec& got, const DVec& want) { return rel_l2(got.data(), want); }

struct Rng {
  std::mt19937 gen;
  explicit Rng(int seed) : gen(seed) {}
  Vec normal(std::size_t n, float sd = 1.0f) {
    std::normal_distribution<float> d(0.0f, sd);
    Vec v(n);
    for (auto& x : v) x = d(gen);
    return v;
  }
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); }
};

DVec to_d(const Vec& v) { return DVec(v.begin(), v.end()); }

struct Report {
  explicit Report(std::string n) : name(std::move(n)) {}
  std::string name;
  bool ok = true;
  std::string detail;
  void check(const char* what, double err, double tol = kTolerance) {
    char b[96];
    std::snprintf(b, sizeof b, " %s %.1e", what, err);
    detail += b;
    if (!(err <= tol)) ok = false;
  }
  void require(const char* what, bool cond) {
    if (!cond) {
      ok = false;
      detail += std::string(" ") + what + " FAILED";
    }
  }
};

// ---- the cases ----

Report embedding(int B, int T, int C, int V, bool positions, int seed) {
  Rng r(seed);
  const int N = B * T;
  std::vector<int> tok(N);
  for (auto& t : tok) t = r.uniform(0, V - 1);
  tok[0] = tok[N - 1];  // a repeated token
  Vec wte = r.normal(static_cast<std::size_t>(V) * C), wpe = r.normal(static_cast<std::size_t>(T) * C), out(static_cast<std::size_t>(N) * C, NAN);
  kern::embedding_forward(out.data(), tok.data(), wte.data(), positions ? wpe.data() : nullptr, N, T, C);
  DVec want(out.size());
  for (int n = 0; n < N; ++n)
    for (int c = 0; c < C; ++c)
      want[static_cast<std::size_t>(n) * C + c] = static_cast<double>(wte[static_cast<std::size_t>(tok[n]) * C + c]) +
                                                  (positions ? wpe[static_cast<std::size_t>(n % T) * C + c] : 0.0);
  Report rep("embedding B=" + std::to_string(B) + " T=" + std::to_string(T) + " C=" + std::to_string(C) + (positions ? " +pos" : ""));
  rep.check("fwd", rel_l2(out, want), 1e-6);

  Vec dout = r.normal(out.size()), dwte = r.normal(wte.size()), dwpe = r.normal(wpe.size());
  DVec wdwte = to_d(dwte), wdwpe = to_d(dwpe);
  for (int n = 0; n < N; ++n)
    for (int c = 0; c < C; ++c) {
      wdwte[static_cast<std::size_t>(tok[n]) * C + c] += dout[static_cast<std::size_t>(n) * C + c];
      wdwpe[static_cast<std::size_t>(n % T) * C + c] += dout[static_cast<std::size_t>(n) * C + c];
    }
  kern::embedding_backward(dwte.data(), positions ? dwpe.data() : nullptr, dout.data(), tok.data(), B, T, C);
  rep.check("dwte", rel_l2(dwte, wdwte));
  if (positions) rep.check("dwpe", rel_l2(dwpe, wdwpe));
  return rep;
}

Report layernorm(int N, int C, bool rms, int seed) {
  Rng r(seed);
  const float eps = 1e-5f;
  const std::size_t NC = static_cast<std::size_t>(N) * C;
  Vec x = r.normal(NC, 2.0f), w = r.normal(C), b = r.normal(C), out(NC, NAN), mean(N, NAN), rstd(N, NAN);
  for (auto& xi : x) xi += 0.5f;  // a mean away from 0
  if (rms) kern::rmsnorm_forward(out.data(), rstd.data(), x.data(), w.data(), N, C, eps);
  else kern::layernorm_forward(out.data(), mean.data(), rstd.data(), x.data(), w.data(), b.data(), N, C, eps);
  DVec wout(NC), wmean(N), wrstd(N), xhat(NC);
  for (int n = 0; n < N; ++n) {
    double m = 0, v = 0;
    for (int c = 0; c < C; ++c) m += x[static_cast<std::size_t>(n) * C + c];
    m = rms ? 0.0 : m / C;
    for (int c = 0; c < C; ++c) v += std::pow(x[static_cast<std::size_t>(n) * C + c] - m, 2);
    const double rs = 1.0 / std::sqrt(v / C + eps);
    wmean[n] = m;
    wrstd[n] = rs;
    for (int c = 0; c < C; ++c) {
      const std::size_t i = static_cast<std::size_t>(n) * C + c;
      xhat[i] = (x[i] - m) * rs;
      wout[i] = xhat[i] * w[c] + (rms ? 0.0 : b[c]);
    }
  }
  Report rep(std::string(rms ? "rmsnorm" : "layernorm") + " N=" + std::to_string(N) + " C=" + std::to_string(C));
  rep.check("out", rel_l2(out, wout));
  rep.check("rstd", rel_l2(rstd, wrstd));
  if (!rms) rep.check("mean", rel_l2(mean, wmean));

  Vec dout = r.normal(NC), dinp = r.normal(NC), dw = r.normal(C), db = r.normal(C);
  Vec partials(2 * static_cast<std::size_t>(kern::chunks(N)) * C, NAN);
  DVec wdinp = to_d(dinp), wdw = to_d(dw), wdb = to_d(db);
  for (int n = 0; n < N; ++n) {
    double gmean = 0, gxmean = 0;
    for (int c = 0; c < C; ++c) {
      const std::size_t i = static_cast<std::size_t>(n) * C + c;
      gmean += w[c] * dout[i];
      gxmean += w[c] * dout[i] * xhat[i];
      wdw[c] += dout[i] * xhat[i];
      wdb[c] += dout[i];
    }
    gmean = rms ? 0.0 : gmean / C;
    gxmean /= C;
    for (int c = 0; c < C; ++c) {
      const std::size_t i = static_cast<std::size_t>(n) * C + c;
      wdinp[i] += (w[c] * dout[i] - gmean - xhat[i] * gxmean) * wrstd[n];
    }
  }
  if (rms) kern::rmsnorm_backward(dinp.data(), dw.data(), dout.data(), x.data(), w.data(), rstd.data(), N, C, partials.data());
  else kern::layernorm_backward(dinp.data(), dw.data(), db.data(), dout.data(), x.data(), w.data(), mean.data(), rstd.data(), N, C, partials.data());
  rep.check("dinp", rel_l2(dinp, wdinp));
  rep.check("dweight", rel_l2(dw, wdw));
  if (!rms) rep.check("dbias", rel_l2(db, wdb));
  return rep;
}

Report activations(int N, int H, int seed) {
  Rng r(seed);
  const std::size_t n = static_cast<std::size_t>(N) * H;
  Report rep("gelu/swiglu N=" + std::to_string(N) + " H=" + std::to_string(H));
  // GELU (tanh form), with a few extreme inputs.
  Vec x = r.normal(n, 3.0f), y(n, NAN), dy = r.normal(n), dx(n, NAN);
  x[0] = 60.0f;
  if (n > 1) x[1] = -60.0f;
  kern::elementwise(gelu_forward, y.data(), x.data(), static_cast<int>(n));
  kern::gelu_backward(dx.data(), dy.data(), x.data(), static_cast<int>(n));
  DVec wy(n), wdx(n);
  const double k0 = std::sqrt(2.0 / M_PI), k1 = 0.044715;
  for (std::size_t i = 0; i < n; ++i) {
    const double xi = x[i], u = k0 * (xi + k1 * xi * xi * xi), t = std::tanh(u);
    wy[i] = 0.5 * xi * (1 + t);
    wdx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * xi * (1 - t * t) * k0 * (1 + 3 * k1 * xi * xi));
  }
  rep.check("gelu", rel_l2(y, wy));
  rep.check("dgelu", rel_l2(dx, wdx));
  // GELU backward in place (dinp = dout).
  Vec g = dy;
  kern::gelu_backward(g.data(), g.data(), x.data(), static_cast<int>(n));
  rep.check("dgelu-in-place", rel_l2(g, wdx));

  // SwiGLU: inp [N, 2H].
  Vec a = r.normal(2 * n, 2.0f), o(n, NAN), dout = r.normal(n), da(2 * n, NAN);
  kern::swiglu_forward(o.data(), a.data(), N, H);
  kern::swiglu_backward(da.data(), dout.data(), a.data(), N, H);
  DVec wo(n), wda(2 * n);
  for (int row = 0; row < N; ++row)
    for (int j = 0; j < H; ++j) {
      const std::size_t gi = static_cast<std::size_t>(row) * 2 * H + j, vi = gi + H, oi = static_cast<std::size_t>(row) * H + j;
      const double ga = a[gi], vb = a[vi], s = 1 / (1 + std::exp(-ga));
      wo[oi] = ga * s * vb;
      wda[gi] = dout[oi] * vb * (s + ga * s * (1 - s));
      wda[vi] = dout[oi] * ga * s;
    }
  rep.check("swiglu", rel_l2(o, wo));
  rep.check("dswiglu", rel_l2(da, wda));
  return rep;
}

// RoPE on 2·NH heads of a fused QKV row (stride 3C + gap): the v part and the gap must be untouched.
Report rope(int B, int T, int NH, int HS, int gap, int seed) {
  Rng r(seed);
  const int C = NH * HS, stride = 3 * C + gap, half = HS / 2, rows = B * T;
  Vec cos_t(static_cast<std::size_t>(T) * half), sin_t(cos_t.size());
  for (int t = 0; t < T; ++t)
    for (int i = 0; i < half; ++i) {
      const double angle = t * std::pow(10000.0, -2.0 * i / HS);
      cos_t[static_cast<std::size_t>(t) * half + i] = static_cast<float>(std::cos(angle));
      sin_t[static_cast<std::size_t>(t) * half + i] = static_cast<float>(std::sin(angle));
    }
  Vec x = r.normal(static_cast<std::size_t>(rows) * stride);
  for (int row = 0; row < rows; ++row)
    for (int i = 2 * C; i < stride; ++i) x[static_cast<std::size_t>(row) * stride + i] = i < 3 * C ? x[static_cast<std::size_t>(row) * stride + i] : kSentinel;
  const Vec before = x;
  kern::rope(x.data(), cos_t.data(), sin_t.data(), B, T, 2 * NH, HS, stride, 1.0f);
  DVec want = to_d(before);
  for (int row = 0; row < rows; ++row)
    for (int h = 0; h < 2 * NH; ++h)
      for (int i = 0; i < half; ++i) {
        const std::size_t p = static_cast<std::size_t>(row) * stride + h * HS + i, q = p + half;
        const double c = cos_t[static_cast<std::size_t>(row % T) * half + i], s = sin_t[static_cast<std::size_t>(row % T) * half + i];
        want[p] = before[p] * c - before[q] * s;
        want[q] = before[q] * c + before[p] * s;
      }
  Report rep("rope B=" + std::to_string(B) + " T=" + std::to_string(T) + " NH=" + std::to_string(NH) + " HS=" + std::to_string(HS));
  rep.check("fwd", rel_l2(x, want), 1e-6);
  kern::rope(x.data(), cos_t.data(), sin_t.data(), B, T, 2 * NH, HS, stride, -1.0f);  // the inverse rotation
  rep.check("inverse", rel_l2(x, to_d(before)), 1e-6);
  bool intact = true;
  for (int row = 0; row < rows; ++row)
    for (int i = 3 * C; i < stride; ++i) intact &= x[static_cast<std::size_t>(row) * stride + i] == kSentinel;
  rep.require("gap untouched", intact);
  return rep;
}

// out = inp·Wᵀ + b, then the backward; the three GEMM layouts and the bias column sums.
Report matmul(int N, int C, int OC, bool bias, int seed) {
  Rng r(seed);
  Vec inp = r.normal(static_cast<std::size_t>(N) * C), w = r.normal(static_cast<std::size_t>(OC) * C), b = r.normal(OC);
  Vec out(static_cast<std::size_t>(N) * OC, NAN);
  kern::matmul_forward(out.data(), inp.data(), w.data(), bias ? b.data() : nullptr, N, C, OC);
  DVec want(out.size());
  for (int n = 0; n < N; ++n)
    for (int o = 0; o < OC; ++o) {
      double s = bias ? b[o] : 0.0;
      for (int c = 0; c < C; ++c) s += static_cast<double>(inp[static_cast<std::size_t>(n) * C + c]) * w[static_cast<std::size_t>(o) * C + c];
      want[static_cast<std::size_t>(n) * OC + o] = s;
    }
  Report rep("matmul N=" + std::to_string(N) + " C=" + std::to_string(C) + " OC=" + std::to_string(OC) + (bias ? " +bias" : ""));
  rep.check("out", rel_l2(out, want));

  Vec dout = r.normal(out.size()), dinp = r.normal(inp.size()), dw = r.normal(w.size()), db = r.normal(OC);
  Vec partials(static_cast<std::size_t>(kern::chunks(N)) * OC, NAN);
  DVec wdinp = to_d(dinp), wdw = to_d(dw), wdb = to_d(db);
  for (int n = 0; n < N; ++n)
    for (int o = 0; o < OC; ++o) {
      const double g = dout[static_cast<std::size_t>(n) * OC + o];
      wdb[o] += g;
      for (int c = 0; c < C; ++c) {
        wdinp[static_cast<std::size_t>(n) * C + c] += g * w[static_cast<std::size_t>(o) * C + c];
        wdw[static_cast<std::size_t>(o) * C + c] += g * inp[static_cast<std::size_t>(n) * C + c];
      }
    }
  kern::matmul_backward(dinp.data(), dw.data(), bias ? db.data() : nullptr, dout.data(), inp.data(), w.data(), N, C, OC, partials.data());
  rep.check("dinp", rel_l2(dinp, wdinp));
  rep.check("dweight", rel_l2(dw, wdw));
  if (bias) rep.check("dbias", rel_l2(db, wdb));
  return rep;
}

// A GEMM with leading dimensions larger than the rows (views into wider buffers), either operand transposed.
Report gemm_strided(int M, int N, int K, bool ta, bool tb, int seed) {
  Rng r(seed);
  const int lda = (ta ? M : K) + 3, ldb = (tb ? K : N) + 5, ldc = N + 2;
  Vec A = r.normal(static_cast<std::size_t>(ta ? K : M) * lda), B = r.normal(static_cast<std::size_t>(tb ? N : K) * ldb);
  Vec Cm(static_cast<std::size_t>(M) * ldc, kSentinel);
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n) Cm[static_cast<std::size_t>(m) * ldc + n] = NAN;  // beta = 0: never read
  kern::gemm(Cm.data(), A.data(), B.data(), M, N, K, lda, ldb, ldc, ta, tb, 0.0f);
  DVec want;
  Vec got;
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n) {
      double s = 0;
      for (int k = 0; k < K; ++k)
        s += static_cast<double>(ta ? A[static_cast<std::size_t>(k) * lda + m] : A[static_cast<std::size_t>(m) * lda + k]) *
             (tb ? B[static_cast<std::size_t>(n) * ldb + k] : B[static_cast<std::size_t>(k) * ldb + n]);
      want.push_back(s);
      got.push_back(Cm[static_cast<std::size_t>(m) * ldc + n]);
    }
  Report rep("gemm M=" + std::to_string(M) + " N=" + std::to_string(N) + " K=" + std::to_string(K) + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : ""));
  rep.check("C", rel_l2(got, want));
  bool intact = true;
  for (int m = 0; m < M; ++m)
    for (int n = N; n < ldc; ++n) intact &= Cm[static_cast<std::size_t>(m) * ldc + n] == kSentinel;
  rep.require("gap untouched", intact);
  return rep;
}

// x rounded to nearest-even at `bits` mantissa bits (10: tf32, 7: bf16), written plainly.
double round_mantissa(float x, int bits) {
  if (!std::isfinite(x) || x == 0) return x;
  int e;
  const double m = std::frexp(static_cast<double>(x), &e);  // x = m·2^e, 0.5 ≤ |m| < 1
  const double scale = std::ldexp(1.0, bits + 1);            // 1 + bits significant bits
  return std::ldexp(std::nearbyint(m * scale) / scale, e);  // nearbyint: ties to even
}

// The product with its inputs rounded to tf32 or bf16 (fp32 sums), and the bf16 cast cuBLAS is given.
Report gemm_rounded(int M, int N, int K, int mode, int seed) {
  Rng r(seed);
  Vec A = r.normal(static_cast<std::size_t>(M) * K), B = r.normal(static_cast<std::size_t>(K) * N), Cm(static_cast<std::size_t>(M) * N, NAN);
  const int bits = mode == GEMM_ROUND_TF32 ? 10 : 7;
  kern::gemm(Cm.data(), A.data(), B.data(), M, N, K, K, N, N, false, false, 0.0f, mode);
  DVec want(Cm.size()), exact(Cm.size());
  for (int m = 0; m < M; ++m)
    for (int n = 0; n < N; ++n)
      for (int k = 0; k < K; ++k) {
        want[static_cast<std::size_t>(m) * N + n] += round_mantissa(A[static_cast<std::size_t>(m) * K + k], bits) * round_mantissa(B[static_cast<std::size_t>(k) * N + n], bits);
        exact[static_cast<std::size_t>(m) * N + n] += static_cast<double>(A[static_cast<std::size_t>(m) * K + k]) * B[static_cast<std::size_t>(k) * N + n];
      }
  Report rep(std::string("gemm ") + (mode == GEMM_ROUND_TF32 ? "tf32" : "bf16") + " M=" + std::to_string(M) + " N=" + std::to_string(N) + " K=" + std::to_string(K));
  rep.check("C", rel_l2(Cm, want));
  // The rounding must be there: fp32 inputs would sit far closer to the exact product than this.
  rep.require("inputs were rounded", rel_l2(Cm, exact) > 10 * kTolerance);
  if (mode == GEMM_ROUND_BF16) {
    std::vector<unsigned short> bf(A.size(), 0xFFFF);
    kern::cast_bf16(bf.data(), A.data(), static_cast<int>(A.size()));
    bool same = true;
    for (std::size_t i = 0; i < A.size(); ++i) {
      unsigned u = static_cast<unsigned>(bf[i]) << 16;
      float f;
      std::memcpy(&f, &u, sizeof f);
      same &= f == static_cast<float>(round_mantissa(A[i], 7));
    }
    rep.require("cast_bf16 rounds to nearest-even", same);
  }
  return rep;
}

Report cross_entropy(int N, int V, float amp, int seed) {
  Rng r(seed);
  Vec logits = r.normal(static_cast<std::size_t>(N) * V, amp), losses(N, NAN);
  std::vector<int> targets(N);
  for (int n = 0; n < N; ++n) targets[n] = n % 4 == 3 ? -1 : r.uniform(0, V - 1);  // every fourth row ignored
  const Vec original = logits;
  const float scale = 0.37f;
  DVec wloss(N), wgrad(logits.size());
  for (int n = 0; n < N; ++n) {
    const float* x = &original[static_cast<std::size_t>(n) * V];
    double m = -INFINITY, s = 0;
    for (int v = 0; v < V; ++v) m = std::max(m, static_cast<double>(x[v]));
    for (int v = 0; v < V; ++v) s += std::exp(x[v] - m);
    wloss[n] = targets[n] < 0 ? 0.0 : std::log(s) + m - x[targets[n]];
    for (int v = 0; v < V; ++v)
      wgrad[static_cast<std::size_t>(n) * V + v] = targets[n] < 0 ? 0.0 : (std::exp(x[v] - m) / s - (v == targets[n])) * scale;
  }
  Report rep("softmax-ce N=" + std::to_string(N) + " V=" + std::to_string(V));
  kern::softmax_ce(logits.data(), losses.data(), targets.data(), N, V, 0.0f);  // scale 0: logits kept
  rep.check("loss", rel_l2(losses, wloss));
  rep.require("scale 0 keeps the logits", logits == original);
  std::fill(losses.begin(), losses.end(), NAN);
  kern::softmax_ce(logits.data(), losses.data(), targets.data(), N, V, scale);
  rep.check("loss", rel_l2(losses, wloss));
  rep.check("dlogits", rel_l2(logits, wgrad));
  return rep;
}

Report optimizer(int n, int seed) {
  Rng r(seed);
  Vec g = r.normal(n, 0.3f), p = r.normal(n), m = r.normal(n, 0.1f), v = r.normal(n, 0.1f);
  for (auto& x : v) x = x * x;
  std::vector<unsigned char> decay(n);
  for (int i = 0; i < n; ++i) decay[i] = static_cast<unsigned char>(i % 3 != 0);
  double want_sq = 0;
  for (float x : g) want_sq += static_cast<double>(x) * x;
  Report rep("optimizer n=" + std::to_string(n));
  rep.check("sumsq", std::abs(kern::sumsq(g.data(), n) - want_sq) / want_sq);
  const float lr = 3e-3f, b1 = 0.9f, b2 = 0.95f, eps = 1e-8f, wd = 0.1f;
  const int t = 7;
  DVec wp(n), wm(n), wv(n);
  for (int i = 0; i < n; ++i) {
    wm[i] = b1 * static_cast<double>(m[i]) + (1 - b1) * static_cast<double>(g[i]);
    wv[i] = b2 * static_cast<double>(v[i]) + (1 - b2) * static_cast<double>(g[i]) * g[i];
    const double mhat = wm[i] / (1 - std::pow(b1, t)), vhat = wv[i] / (1 - std::pow(b2, t));
    wp[i] = p[i] - lr * (mhat / (std::sqrt(vhat) + eps) + wd * decay[i] * p[i]);
  }
  kern::adamw(p.data(), g.data(), m.data(), v.data(), decay.data(), n, lr, b1, b2, eps, wd, t);
  rep.check("p", rel_l2(p, wp));
  rep.check("m", rel_l2(m, wm));
  rep.check("v", rel_l2(v, wv));
  return rep;
}

struct Case {
  std::function<Report()> run;
  bool quick;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {[] { return embedding(1, 1, 1, 3, true, 1); }, true},
      {[] { return embedding(2, 5, 33, 7, true, 2); }, true},
      {[] { return embedding(3, 17, 300, 50, false, 3); }, false},
      {[] { return layernorm(1, 1, false, 4); }, true},
      {[] { return layernorm(9, 33, false, 5); }, true},  // several rows per block, C not a multiple of 32
      {[] { return layernorm(130, 300, false, 6); }, false},  // three chunks of partials
      {[] { return layernorm(9, 33, true, 7); }, true},
      {[] { return layernorm(130, 300, true, 8); }, false},
      {[] { return activations(3, 7, 9); }, true},
      {[] { return activations(40, 129, 10); }, false},
      {[] { return rope(2, 5, 2, 8, 3, 11); }, true},
      {[] { return rope(1, 33, 3, 64, 0, 12); }, false},
      {[] { return matmul(1, 1, 1, true, 13); }, true},
      {[] { return matmul(5, 20, 70, true, 14); }, true},  // #13: two k-steps, two column tiles
      {[] { return matmul(130, 33, 65, true, 15); }, false},
      {[] { return matmul(70, 100, 129, false, 16); }, false},
      {[] { return gemm_strided(3, 70, 33, false, true, 17); }, true},
      {[] { return gemm_strided(65, 5, 40, true, false, 18); }, false},
      {[] { return gemm_strided(66, 67, 17, true, true, 19); }, false},
      {[] { return gemm_rounded(33, 70, 40, GEMM_ROUND_TF32, 26); }, false},
      {[] { return gemm_rounded(33, 70, 40, GEMM_ROUND_BF16, 27); }, false},
      {[] { return cross_entropy(4, 3, 1.0f, 20); }, true},
      {[] { return cross_entropy(9, 1000, 4.0f, 21); }, true},  // #22: several values per thread, ignored rows
      {[] { return cross_entropy(5, 16411, 8.0f, 22); }, false},
      {[] { return optimizer(1, 23); }, true},
      {[] { return optimizer(20001, 24); }, true},  // #25: three norm chunks, the last partial
      {[] { return optimizer(100000, 25); }, false},
  };
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int only = -1;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) {
      quick = true;
    } else if (!std::strcmp(argv[i], "--case") && i + 1 < argc) {
      only = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--case N]\n", argv[0]);
      return 2;
    }
  }
  int passed = 0, failed = 0;
  for (int i = 0; i < static_cast<int>(cases().size()); ++i) {
    if ((only >= 0 && i != only) || (quick && !cases()[i].quick)) continue;
    const Report r = cases()[i].run();
    std::printf("%s #%-2d %-40s |%s\n", r.ok ? "PASS" : "FAIL", i, r.name.c_str(), r.detail.c_str());
    std::fflush(stdout);
    (r.ok ? passed : failed)++;
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
