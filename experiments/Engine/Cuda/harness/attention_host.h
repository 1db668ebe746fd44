// attention_host.h — host side of attention.cu for the C++ harness: the shape, the launch geometry
// (the same numbers CudaAttention.cs uses), launches on the CPU emulation, and the float64 reference
// of the contract the kernels are held to. Include after attention.cu.
#pragma once
#include <algorithm>
#include <cmath>
#include <vector>

namespace attn {

// Rows of q, k, v, out (and of dq, dk, dv, dout) are [NH·HS] floats at a per-tensor stride, token
// (b, t) at row b·T + t; lse and delta are dense [B, NH, T].
struct Shape {
  int B, T, NH, HS;
  int q_stride, k_stride, v_stride, o_stride;
  bool causal;
  std::vector<int> valid;  // per-sequence valid lengths; empty = all T

  int length(int b) const { return valid.empty() ? T : std::clamp(valid[b], 0, T); }
  float scale() const { return 1.0f / std::sqrt(static_cast<float>(HS)); }
  const int* valid_ptr() const { return valid.empty() ? nullptr : valid.data(); }
};

inline unsigned ceil_div(int a, int b) { return static_cast<unsigned>((a + b - 1) / b); }

struct KernelSet {
  decltype(&attention_forward_32) forward;
  decltype(&attention_backward_dkdv_32) dkdv;
  decltype(&attention_backward_dq_32) dq;
  int bwd_keys;
};

// The smallest head-size bucket (DMAX of the entry points) that holds HS.
inline int bucket(int HS) { return HS <= 32 ? 32 : HS <= 64 ? 64 : 128; }

inline KernelSet kernels_for(int HS) {
  if (bucket(HS) == 32) return {attention_forward_32, attention_backward_dkdv_32, attention_backward_dq_32, ATTN_BWD_KEYS(32)};
  if (bucket(HS) == 64) return {attention_forward_64, attention_backward_dkdv_64, attention_backward_dq_64, ATTN_BWD_KEYS(64)};
  return {attention_forward_128, attention_backward_dkdv_128, attention_backward_dq_128, ATTN_BWD_KEYS(128)};
}

inline void forward(const Shape& s, const float* q, const float* k, const float* v, float* out, float* lse) {
  const KernelSet ks = kernels_for(s.HS);
  cuemu::launch(ks.forward, dim3(ceil_div(s.T, ATTN_FWD_ROWS), s.NH, s.B), dim3(ATTN_THREADS), q, k, v, out, lse,
                s.valid_ptr(), s.T, s.NH, s.HS, s.q_stride, s.k_stride, s.v_stride, s.o_stride, s.scale(),
                static_cast<int>(s.causal));
}

// delta is scratch of B·NH·T floats.
inline void backward(const Shape& s, const float* dout, const float* q, const float* k, const float* v,
                     const float* out, const float* lse, float* delta, float* dq, float* dk, float* dv) {
  const KernelSet ks = kernels_for(s.HS);
  const int c = static_cast<int>(s.causal);
  cuemu::launch(attention_backward_delta, dim3(ceil_div(s.T * s.NH, ATTN_DELTA_ROWS), s.B), dim3(ATTN_THREADS), out,
                dout, delta, s.valid_ptr(), s.T, s.NH, s.HS, s.o_stride);
  cuemu::launch(ks.dkdv, dim3(ceil_div(s.T, ks.bwd_keys), s.NH, s.B), dim3(ATTN_THREADS), q, k, v, dout,
                static_cast<const float*>(lse), static_cast<const float*>(delta), dk, dv, s.valid_ptr(), s.T, s.NH,
                s.HS, s.q_stride, s.k_stride, s.v_stride, s.o_stride, s.scale(), c);
  cuemu::launch(ks.dq, dim3(ceil_div(s.T, ATTN_BWD_ROWS), s.NH, s.B), dim3(ATTN_THREADS), q, k, v, dout,
                static_cast<const float*>(lse), static_cast<const float*>(delta), dq, s.valid_ptr(), s.T, s.NH, s.HS,
                s.q_stride, s.k_stride, s.v_stride, s.o_stride, s.scale(), c);
}

// The contract in float64, written as plainly as possible. Outputs are dense [B, T, NH, HS] (lse
// [B, NH, T]); padded query rows are 0 everywhere, lse included.
struct Reference {
  std::vector<double> out, lse, dq, dk, dv;
};

inline Reference reference(const Shape& s, const float* q, const float* k, const float* v, const float* dout) {
  const int B = s.B, T = s.T, NH = s.NH, HS = s.HS;
  const double scale = s.scale();
  const auto at = [&](int b, int t, int h, int stride) { return (static_cast<size_t>(b) * T + t) * stride + h * HS; };
  const auto dense = [&](int b, int t, int h) { return ((static_cast<size_t>(b) * T + t) * NH + h) * HS; };
  Reference r;
  const size_t n = static_cast<size_t>(B) * T * NH * HS;
  r.out.assign(n, 0.0);
  r.dq.assign(n, 0.0);
  r.dk.assign(n, 0.0);
  r.dv.assign(n, 0.0);
  r.lse.assign(static_cast<size_t>(B) * NH * T, 0.0);
  std::vector<double> p(T);
  for (int b = 0; b < B; ++b) {
    const int len = s.length(b);
    for (int h = 0; h < NH; ++h)
      for (int i = 0; i < len; ++i) {
        const float* qi = q + at(b, i, h, s.q_stride);
        const float* doi = dout + at(b, i, h, s.o_stride);
        const int keys = s.causal ? i + 1 : len;  // visible keys: 0 … keys−1
        double mx = -INFINITY;
        for (int j = 0; j < keys; ++j) {
          const float* kj = k + at(b, j, h, s.k_stride);
          double dot = 0;
          for (int c = 0; c < HS; ++c) dot += static_cast<double>(qi[c]) * kj[c];
          p[j] = dot * scale;
          mx = std::max(mx, p[j]);
        }
        double sum = 0;
        for (int j = 0; j < keys; ++j) sum += p[j] = std::exp(p[j] - mx);
        for (int j = 0; j < keys; ++j) p[j] /= sum;
        r.lse[(static_cast<size_t>(b) * NH + h) * T + i] = mx + std::log(sum);
        double* oi = &r.out[dense(b, i, h)];
        for (int j = 0; j < keys; ++j)
          for (int c = 0; c < HS; ++c) oi[c] += p[j] * v[at(b, j, h, s.v_stride) + c];
        double delta = 0;  // Δ = dO · O
        for (int c = 0; c < HS; ++c) delta += doi[c] * oi[c];
        for (int j = 0; j < keys; ++j) {
          const float* kj = k + at(b, j, h, s.k_stride);
          const float* vj = v + at(b, j, h, s.v_stride);
          double dp = 0;
          for (int c = 0; c < HS; ++c) dp += static_cast<double>(doi[c]) * vj[c];
          const double ds = p[j] * (dp - delta);  // dS = P (dP − Δ)
          for (int c = 0; c < HS; ++c) {
            r.dq[dense(b, i, h) + c] += scale * ds * kj[c];
            r.dk[dense(b, j, h) + c] += scale * ds * qi[c];
            r.dv[dense(b, j, h) + c] += p[j] * doi[c];
          }
        }
      }
  }
  return r;
}

}  // namespace attn
