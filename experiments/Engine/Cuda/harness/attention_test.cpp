// attention_test.cpp — runs attention.cu on the CPU emulation of the CUDA grid and holds forward and
// backward to the float64 reference (relative L2 ≤ 1e-5 per tensor). The tensors live in fused
// buffers with gaps: outputs start as NaN (a forgotten write shows) and every float outside the views
// must keep its sentinel (a stray write shows). Exit code 0 only if every case passes.
//
//   attention_test            every case
//   attention_test --quick    the small cases (ThreadSanitizer and the mutation check use these)
//   attention_test --case N   one case
// Built by harness/Makefile: with the fiber backend for speed, with threads under ThreadSanitizer.
#ifndef ATTENTION_SOURCE
#define ATTENTION_SOURCE "../attention.cu"
#endif
#include ATTENTION_SOURCE
#include "attention_host.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>

namespace {

// fp32 kernels against a float64 reference: the errors seen are 1e-7 … 2e-6 (exp2 of a rounded
// argument, sums of up to 300 terms in another order; the larger with amplitude-2 inputs, whose scores
// reach ±30). 1e-5 leaves room and still catches a wrong mask, scale or rescale (errors of 1e-3 and up).
constexpr double kTolerance = 1e-5;
constexpr float kSentinel = 12345.0f;

struct Case {
  int B, NH, T, HS;
  bool causal;
  std::vector<int> valid;  // empty: no padding
  bool fused;              // q, k, v in one [B, T, 3C + gap] buffer (else three buffers)
  int gap;                 // extra floats at the end of every row
  float amplitude;         // input magnitude; large values test the online softmax's rescaling
  bool quick;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {1, 1, 1, 16, true, {}, false, 0, 1, true},
      {2, 1, 1, 128, false, {1, 0}, true, 0, 1, true},
      {2, 2, 17, 16, true, {17, 5}, true, 3, 1, true},
      {1, 3, 17, 80, false, {}, true, 0, 1, false},
      {1, 2, 17, 64, true, {}, false, 5, 1, false},
      {1, 1, 40, 80, false, {33}, true, 1, 1, true},  // #5: several tiles in every kernel; mutate.sh runs it under TSan
      {1, 2, 33, 5, true, {}, false, 0, 1, false},
      {1, 1, 48, 32, false, {}, true, 2, 1, false},
      {1, 1, 40, 33, true, {}, false, 0, 1, false},
      {2, 1, 129, 64, true, {129, 100}, true, 0, 1, false},
      {1, 2, 129, 16, false, {64}, false, 0, 1, false},
      {1, 1, 129, 128, true, {}, true, 4, 1, false},
      {1, 1, 129, 80, false, {120}, false, 0, 1, false},
      {1, 1, 300, 64, false, {}, true, 0, 2, false},
      {1, 1, 300, 128, true, {257}, false, 0, 1, false},
      {1, 2, 300, 80, true, {}, true, 0, 1, false},
      {2, 1, 300, 16, false, {300, 1}, false, 0, 1, false},
  };
  return all;
}

// A [B, T, width] buffer filled with the sentinel, and views into it.
struct Buffer {
  std::vector<float> data;
  int stride;
  std::vector<bool> owned;  // element belongs to a view
  Buffer(const Case& c, int views) : stride(views * c.NH * c.HS + c.gap) {
    data.assign(static_cast<size_t>(c.B) * c.T * stride, kSentinel);
    owned.assign(data.size(), false);
  }
  // View v: filled from fill(), marked owned.
  float* view(const Case& c, int v, const std::function<float()>& fill) {
    const int C = c.NH * c.HS;
    for (int row = 0; row < c.B * c.T; ++row)
      for (int i = 0; i < C; ++i) {
        const size_t at = static_cast<size_t>(row) * stride + v * C + i;
        data[at] = fill();
        owned[at] = true;
      }
    return data.data() + v * C;
  }
  bool sentinels_intact() const {
    for (size_t i = 0; i < data.size(); ++i)
      if (!owned[i] && data[i] != kSentinel) return false;
    return true;
  }
};

// Relative L2 error of a strided [B, T, NH·HS] view against a dense reference. Where the exact answer
// is 0 (dq and dk when every row sees one key, as at T = 1: dS = dP − Δ cancels), a relative error
// means nothing and the root-mean-square error is returned instead.
double rel_l2(const float* got, int stride, const std::vector<double>& want, int rows, int C) {
  double num = 0, den = 0;
  for (int r = 0; r < rows; ++r)
    for (int i = 0; i < C; ++i) {
      const double g = got[static_cast<size_t>(r) * stride + i], w = want[static_cast<size_t>(r) * C + i];
      if (!std::isfinite(g)) return INFINITY;
      num += (g - w) * (g - w);
      den += w * w;
    }
  const double count = static_cast<double>(rows) * C;
  return den > 1e-12 * count ? std::sqrt(num / den) : std::sqrt(num / count);
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

bool run(const Case& c, int index) {
  std::mt19937 rng(1000 + index);
  std::normal_distribution<float> normal(0.0f, c.amplitude);
  const auto randn = [&] { return normal(rng); };
  const auto nan = [] { return NAN; };
  const int C = c.NH * c.HS, rows = c.B * c.T;

  // Inputs (q, k, v fused or not), outputs and gradients laid out the same way, all with gaps.
  const int in_views = c.fused ? 3 : 1;
  Buffer qkv(c, in_views), kb(c, 1), vb(c, 1), ob(c, 1), dob(c, 1);
  Buffer dqkv(c, in_views), dkb(c, 1), dvb(c, 1);
  float* q = qkv.view(c, 0, randn);
  float* k = c.fused ? qkv.view(c, 1, randn) : kb.view(c, 0, randn);
  float* v = c.fused ? qkv.view(c, 2, randn) : vb.view(c, 0, randn);
  float* dout = dob.view(c, 0, randn);
  float* out = ob.view(c, 0, nan);
  float* dq = dqkv.view(c, 0, nan);
  float* dk = c.fused ? dqkv.view(c, 1, nan) : dkb.view(c, 0, nan);
  float* dv = c.fused ? dqkv.view(c, 2, nan) : dvb.view(c, 0, nan);
  std::vector<float> lse(static_cast<size_t>(c.B) * c.NH * c.T, NAN), delta(lse.size(), NAN);

  const attn::Shape s{c.B, c.T, c.NH, c.HS, qkv.stride, c.fused ? qkv.stride : kb.stride,
                      c.fused ? qkv.stride : vb.stride, ob.stride, c.causal, c.valid};
  auto t0 = std::chrono::steady_clock::now();
  attn::forward(s, q, k, v, out, lse.data());
  const double t_fwd = ms_since(t0);
  t0 = std::chrono::steady_clock::now();
  attn::backward(s, dout, q, k, v, out, lse.data(), delta.data(), dq, dk, dv);
  const double t_bwd = ms_since(t0);

  const attn::Reference r = attn::reference(s, q, k, v, dout);
  const double e_out = rel_l2(out, s.o_stride, r.out, rows, C);
  const double e_lse = rel_l2(lse.data(), c.T, r.lse, c.B * c.NH, c.T);
  const double e_dq = rel_l2(dq, s.q_stride, r.dq, rows, C);
  const double e_dk = rel_l2(dk, s.k_stride, r.dk, rows, C);
  const double e_dv = rel_l2(dv, s.v_stride, r.dv, rows, C);
  const bool intact = qkv.sentinels_intact() && kb.sentinels_intact() && vb.sentinels_intact() &&
                      ob.sentinels_intact() && dob.sentinels_intact() && dqkv.sentinels_intact() &&
                      dkb.sentinels_intact() && dvb.sentinels_intact();
  const bool ok = std::max({e_out, e_lse, e_dq, e_dk, e_dv}) <= kTolerance && intact;

  std::string valid = "-";
  if (!c.valid.empty()) {
    valid.clear();
    for (int len : c.valid) valid += (valid.empty() ? "" : ",") + std::to_string(len);
  }
  std::printf("%s #%-2d B=%d NH=%d T=%-3d HS=%-3d %-6s valid=%-7s %s gap=%d amp=%g | relL2 out %.1e lse %.1e "
              "dq %.1e dk %.1e dv %.1e%s | fwd %.0f ms, bwd %.0f ms\n",
              ok ? "PASS" : "FAIL", index, c.B, c.NH, c.T, c.HS, c.causal ? "causal" : "full", valid.c_str(),
              c.fused ? "fused" : "split", c.gap, c.amplitude, e_out, e_lse, e_dq, e_dk, e_dv,
              intact ? "" : " | WROTE OUTSIDE ITS VIEWS", t_fwd, t_bwd);
  std::fflush(stdout);
  return ok;
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
    (run(cases()[i], i) ? passed : failed)++;
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
