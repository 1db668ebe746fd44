// fake_libcuda.cpp — a stand-in libcuda.so.1 for machines without a GPU, so that the C# GPU path
// (driver loading, error messages, marshalling, argument order, buffer sizes) runs in CI. It exports
// the driver-API calls CudaDriver.cs binds, treats host memory as device memory, and runs the kernels
// named in the loaded PTX on the fiber emulation of kernels.cu — the same source the PTX came from.
//
// Stricter than a GPU where that finds bugs: the PTX's parameter sizes must match the host signature;
// every launch must have exactly the grid its kernel documents; every pointer argument must cover, in
// one allocation, all the bytes the contract lets the kernel touch; new allocations are NaN-filled;
// each allocation has a guard zone that is checked after every launch (a write past the end is reported
// at the next cuCtxSynchronize as CUDA_ERROR_ILLEGAL_ADDRESS, like an asynchronous fault). Streams and
// events exist (they are checked to be live) but every call runs at once, in order: asynchrony, real JIT
// diagnostics and performance are not emulated. fakecuda_covered() lets the fake cuBLAS check pointers.
//
// Tests steer it through two extra exports: fakecuda_configure("key", value) (what cuInit returns, the
// driver version, compute capability, device count, an allocation limit, a forced JIT error) and
// fakecuda_query("key") (live allocations, launches, primary-context references).
// Build: harness/Makefile, target `fake`.
#include "../kernels.cu"
#include "attention_host.h"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace {

using CUresult = int;
constexpr CUresult OK = 0, INVALID_VALUE = 1, OUT_OF_MEMORY = 2, NOT_INITIALIZED = 3, STUB_LIBRARY = 34,
                   INSUFFICIENT_DRIVER = 35, NO_DEVICE = 100, INVALID_DEVICE = 101, NO_BINARY_FOR_GPU = 209,
                   INVALID_PTX = 218, UNSUPPORTED_PTX_VERSION = 222, INVALID_HANDLE = 400, NOT_FOUND = 500,
                   ILLEGAL_ADDRESS = 700;

// Settings (fakecuda_configure) and counters (fakecuda_query).
struct Config {
  long long init_result = OK;
  long long driver_version = 12080;
  long long cc_major = 8, cc_minor = 0;
  long long device_count = 1;
  long long alloc_limit = 1ll << 34;
  long long jit_error = OK;  // forced result of cuModuleLoadDataEx
};
Config g_config;
std::mutex g_mu;
bool g_initialised = false;
long long g_launches = 0, g_primary_refs = 0;
CUresult g_sticky = OK;  // an asynchronous fault, reported by the next cuCtxSynchronize

constexpr std::size_t kGuardBytes = 256;
constexpr unsigned char kGuardByte = 0xA5;
std::map<std::uintptr_t, std::size_t> g_allocs;  // base → bytes (the guard zone follows)
std::map<std::uintptr_t, std::size_t> g_host_allocs;  // pinned host memory (cuMemHostAlloc)
std::map<std::uintptr_t, int> g_streams, g_events;     // live handles

bool covered(std::uintptr_t p, std::size_t n) {
  auto it = g_allocs.upper_bound(p);
  if (it == g_allocs.begin()) return false;
  --it;
  return p >= it->first && p + n <= it->first + it->second;
}

bool guards_intact() {
  for (const auto& [base, bytes] : g_allocs)
    for (std::size_t i = 0; i < kGuardBytes; ++i)
      if (reinterpret_cast<const unsigned char*>(base)[bytes + i] != kGuardByte) return false;
  return true;
}

// ---- the kernels this fake device runs, with the contract each launch is checked against ----

enum class Role { Tensor, Stats, Valid, T, NH, HS, Stride, Scale, Causal };
struct Param {
  const char* name;
  Role role;
  int stride_index = -1;  // Role::Tensor: which parameter holds its row stride
};
enum class Geometry { Forward, Delta, BackwardKeys, BackwardRows };

struct Kernel {
  std::function<void(dim3, dim3, void**)> run;
  std::vector<int> arg_sizes;  // host signature
  std::vector<Param> params;   // attention kernels: the roles their check_launch reads
  Geometry geometry;
  int dmax;  // head-size bucket; 0 for the delta kernel
  // Every other kernel: its contract (grid, block, the bytes each pointer may touch); "" when kept.
  std::function<std::string(dim3, dim3, void**)> contract;
};

template <class... A, std::size_t... I>
void call_unpacked(void (*k)(A...), dim3 g, dim3 b, void** p, std::index_sequence<I...>) {
  cuemu::launch(k, g, b, *static_cast<std::remove_cvref_t<A>*>(p[I])...);
}
template <class... A>
Kernel make_kernel(void (*k)(A...), std::vector<Param> params, Geometry geometry, int dmax) {
  return {[k](dim3 g, dim3 b, void** p) { call_unpacked(k, g, b, p, std::index_sequence_for<A...>{}); },
          {static_cast<int>(sizeof(A))...}, std::move(params), geometry, dmax, nullptr};
}
using Contract = std::function<std::string(dim3, dim3, void**)>;
template <class... A>
Kernel make_kernel(void (*k)(A...), Contract contract) {
  return {[k](dim3 g, dim3 b, void** p) { call_unpacked(k, g, b, p, std::index_sequence_for<A...>{}); },
          {static_cast<int>(sizeof(A))...}, {}, Geometry::Forward, 0, std::move(contract)};
}

std::vector<Param> strided(std::vector<Param> tensors_and_stats) {
  std::vector<Param> p = std::move(tensors_and_stats);
  const int first_stride = static_cast<int>(p.size()) + 4;  // after valid_lengths, T, NH, HS
  for (Param& x : p)
    if (x.role == Role::Tensor) x.stride_index += first_stride;
  p.insert(p.end(), {{"valid_lengths", Role::Valid}, {"T", Role::T}, {"NH", Role::NH}, {"HS", Role::HS},
                     {"q_stride", Role::Stride}, {"k_stride", Role::Stride}, {"v_stride", Role::Stride},
                     {"o_stride", Role::Stride}, {"scale", Role::Scale}, {"causal", Role::Causal}});
  return p;
}
// stride_index below counts from q_stride: 0 q, 1 k, 2 v, 3 o.
std::vector<Param> forward_params() {
  return strided({{"q", Role::Tensor, 0}, {"k", Role::Tensor, 1}, {"v", Role::Tensor, 2}, {"out", Role::Tensor, 3},
                  {"lse", Role::Stats}});
}
std::vector<Param> dkdv_params() {
  return strided({{"q", Role::Tensor, 0}, {"k", Role::Tensor, 1}, {"v", Role::Tensor, 2}, {"dout", Role::Tensor, 3},
                  {"lse", Role::Stats}, {"delta", Role::Stats}, {"dk", Role::Tensor, 1}, {"dv", Role::Tensor, 2}});
}
std::vector<Param> dq_params() {
  return strided({{"q", Role::Tensor, 0}, {"k", Role::Tensor, 1}, {"v", Role::Tensor, 2}, {"dout", Role::Tensor, 3},
                  {"lse", Role::Stats}, {"delta", Role::Stats}, {"dq", Role::Tensor, 0}});
}
std::vector<Param> delta_params() {
  return {{"out", Role::Tensor, 7}, {"dout", Role::Tensor, 7}, {"delta", Role::Stats}, {"valid_lengths", Role::Valid},
          {"T", Role::T},           {"NH", Role::NH},          {"HS", Role::HS},        {"o_stride", Role::Stride}};
}

#define FAKE_BUCKET(D)                                                                                         \
  {"attention_forward_" #D, make_kernel(attention_forward_##D, forward_params(), Geometry::Forward, D)},       \
      {"attention_backward_dkdv_" #D,                                                                          \
       make_kernel(attention_backward_dkdv_##D, dkdv_params(), Geometry::BackwardKeys, D)},                    \
      {"attention_backward_dq_" #D, make_kernel(attention_backward_dq_##D, dq_params(), Geometry::BackwardRows, D)}

// ---- the contracts of layers.cu, loss.cu, optim.cu and gemm.cu ----

// A launch's parameters as the kernel's signature reads them.
struct Launch {
  dim3 grid, block;
  void** p;
  int i32(int i) const { return *static_cast<const int*>(p[i]); }
  float f32(int i) const { return *static_cast<const float*>(p[i]); }
  std::uintptr_t ptr(int i) const { return *static_cast<const std::uintptr_t*>(p[i]); }
};
// Collects what is wrong with one launch; empty when it keeps its contract.
struct Verdict {
  std::string why;
  void fail(const std::string& w) {
    if (why.empty()) why = w;
  }
  // Argument i must cover `bytes` inside one allocation (null allowed when optional).
  void covers(const Launch& l, int i, const char* name, std::size_t bytes, bool optional = false) {
    const std::uintptr_t p = l.ptr(i);
    if (p == 0 && optional) return;
    if (bytes == 0) return;
    if (!covered(p, bytes)) {
      char b[200];
      std::snprintf(b, sizeof b, "%s (argument %d): %zu bytes from 0x%llx are not inside one allocation", name, i, bytes,
                    static_cast<unsigned long long>(p));
      fail(b);
    }
  }
  void grid(const Launch& l, dim3 want, unsigned threads) {
    if (l.block.x != threads || l.block.y != 1 || l.block.z != 1)
      fail("block must be (" + std::to_string(threads) + ", 1, 1), got (" + std::to_string(l.block.x) + ", " + std::to_string(l.block.y) +
           ", " + std::to_string(l.block.z) + ")");
    if (l.grid.x != want.x || l.grid.y != want.y || l.grid.z != want.z)
      fail("grid (" + std::to_string(l.grid.x) + ", " + std::to_string(l.grid.y) + ", " + std::to_string(l.grid.z) +
           ") is not the one the kernel documents: (" + std::to_string(want.x) + ", " + std::to_string(want.y) + ", " +
           std::to_string(want.z) + ")");
  }
  void positive(const char* name, long long v) {
    if (v < 1) fail(std::string(name) + " must be ≥ 1, got " + std::to_string(v));
  }
};
unsigned cdiv(std::size_t n, int per) { return static_cast<unsigned>((n + per - 1) / per); }
constexpr std::size_t F = sizeof(float), I = sizeof(int);

template <class Fn>
Contract contract(Fn fn) {
  return [fn](dim3 g, dim3 b, void** p) {
    Verdict v;
    fn(Launch{g, b, p}, v);
    return v.why;
  };
}

// One thread per element of n: the elementwise kernels.
Contract elementwise(std::vector<std::pair<int, const char*>> tensors, int n_index, int threads = K_THREADS) {
  return contract([=](const Launch& l, Verdict& v) {
    const int n = l.i32(n_index);
    v.positive("n", n);
    v.grid(l, dim3(cdiv(n, threads)), threads);
    for (const auto& [i, name] : tensors) v.covers(l, i, name, static_cast<std::size_t>(n) * F);
  });
}

const std::map<std::string, Kernel>& registry() {
  static const std::map<std::string, Kernel> r = {
      {"attention_backward_delta", make_kernel(attention_backward_delta, delta_params(), Geometry::Delta, 0)},
      FAKE_BUCKET(32),
      FAKE_BUCKET(64),
      FAKE_BUCKET(128),
      // (out, tokens, wte, wpe, N, T, C)
      {"embedding_forward", make_kernel(embedding_forward, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(4), T = l.i32(5), C = l.i32(6);
         v.positive("N", N), v.positive("T", T), v.positive("C", C);
         v.grid(l, dim3(cdiv(static_cast<std::size_t>(N) * C, K_THREADS)), K_THREADS);
         v.covers(l, 0, "out", static_cast<std::size_t>(N) * C * F);
         v.covers(l, 1, "tokens", N * I);
         v.covers(l, 2, "wte", C * F);
         v.covers(l, 3, "wpe", static_cast<std::size_t>(T) * C * F, true);
       }))},
      // (dwte, dout, rows, starts, group_tokens, C); grid.y = groups
      {"embedding_backward_tokens", make_kernel(embedding_backward_tokens, contract([](const Launch& l, Verdict& v) {
         const int C = l.i32(5), groups = static_cast<int>(l.grid.y);
         v.positive("C", C);
         v.grid(l, dim3(cdiv(C, K_THREADS), groups), K_THREADS);
         v.covers(l, 0, "dwte", C * F);
         v.covers(l, 1, "dout", C * F);
         v.covers(l, 2, "rows", I);
         v.covers(l, 3, "starts", (groups + 1) * I);
         v.covers(l, 4, "group_tokens", groups * I);
       }))},
      // (dwpe, dout, B, T, C)
      {"embedding_backward_positions", make_kernel(embedding_backward_positions, contract([](const Launch& l, Verdict& v) {
         const int B = l.i32(2), T = l.i32(3), C = l.i32(4);
         v.positive("B", B), v.positive("T", T), v.positive("C", C);
         v.grid(l, dim3(cdiv(static_cast<std::size_t>(T) * C, K_THREADS)), K_THREADS);
         v.covers(l, 0, "dwpe", static_cast<std::size_t>(T) * C * F);
         v.covers(l, 1, "dout", static_cast<std::size_t>(B) * T * C * F);
       }))},
      // (out, mean, rstd, inp, weight, bias, N, C, eps)
      {"layernorm_forward", make_kernel(layernorm_forward, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(6), C = l.i32(7);
         v.positive("N", N), v.positive("C", C);
         v.grid(l, dim3(cdiv(N, K_ROWS_PER_BLOCK)), K_THREADS);
         const std::size_t NC = static_cast<std::size_t>(N) * C * F;
         v.covers(l, 0, "out", NC), v.covers(l, 1, "mean", N * F), v.covers(l, 2, "rstd", N * F), v.covers(l, 3, "inp", NC);
         v.covers(l, 4, "weight", C * F), v.covers(l, 5, "bias", C * F, true);
       }))},
      // (dinp, dout, inp, weight, mean, rstd, N, C)
      {"layernorm_backward_input", make_kernel(layernorm_backward_input, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(6), C = l.i32(7);
         v.positive("N", N), v.positive("C", C);
         v.grid(l, dim3(cdiv(N, K_ROWS_PER_BLOCK)), K_THREADS);
         const std::size_t NC = static_cast<std::size_t>(N) * C * F;
         v.covers(l, 0, "dinp", NC), v.covers(l, 1, "dout", NC), v.covers(l, 2, "inp", NC), v.covers(l, 3, "weight", C * F);
         v.covers(l, 4, "mean", N * F), v.covers(l, 5, "rstd", N * F);
       }))},
      // (out, rstd, inp, weight, N, C, eps)
      {"rmsnorm_forward", make_kernel(rmsnorm_forward, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(4), C = l.i32(5);
         v.positive("N", N), v.positive("C", C);
         v.grid(l, dim3(cdiv(N, K_ROWS_PER_BLOCK)), K_THREADS);
         const std::size_t NC = static_cast<std::size_t>(N) * C * F;
         v.covers(l, 0, "out", NC), v.covers(l, 1, "rstd", N * F), v.covers(l, 2, "inp", NC), v.covers(l, 3, "weight", C * F);
       }))},
      // (dinp, dout, inp, weight, rstd, N, C)
      {"rmsnorm_backward_input", make_kernel(rmsnorm_backward_input, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(5), C = l.i32(6);
         v.positive("N", N), v.positive("C", C);
         v.grid(l, dim3(cdiv(N, K_ROWS_PER_BLOCK)), K_THREADS);
         const std::size_t NC = static_cast<std::size_t>(N) * C * F;
         v.covers(l, 0, "dinp", NC), v.covers(l, 1, "dout", NC), v.covers(l, 2, "inp", NC), v.covers(l, 3, "weight", C * F);
         v.covers(l, 4, "rstd", N * F);
       }))},
      // (partials, dout, inp, mean, rstd, N, C); grid.y = chunks
      {"norm_partials", make_kernel(norm_partials, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(5), C = l.i32(6);
         const unsigned chunks = cdiv(N, K_CHUNK_ROWS);
         v.positive("N", N), v.positive("C", C);
         v.grid(l, dim3(cdiv(C, K_THREADS), chunks), K_THREADS);
         const std::size_t NC = static_cast<std::size_t>(N) * C * F;
         v.covers(l, 0, "partials", (l.ptr(3) ? 2 : 1) * static_cast<std::size_t>(chunks) * C * F);
         v.covers(l, 1, "dout", NC), v.covers(l, 2, "inp", NC), v.covers(l, 3, "mean", N * F, true), v.covers(l, 4, "rstd", N * F);
       }))},
      // (partials, x, N, C)
      {"column_partials", make_kernel(column_partials, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(2), C = l.i32(3);
         const unsigned chunks = cdiv(N, K_CHUNK_ROWS);
         v.positive("N", N), v.positive("C", C);
         v.grid(l, dim3(cdiv(C, K_THREADS), chunks), K_THREADS);
         v.covers(l, 0, "partials", static_cast<std::size_t>(chunks) * C * F);
         v.covers(l, 1, "x", static_cast<std::size_t>(N) * C * F);
       }))},
      // (dst, partials, chunks, C)
      {"column_sums_add", make_kernel(column_sums_add, contract([](const Launch& l, Verdict& v) {
         const int chunks = l.i32(2), C = l.i32(3);
         v.positive("chunks", chunks), v.positive("C", C);
         v.grid(l, dim3(cdiv(C, K_THREADS)), K_THREADS);
         v.covers(l, 0, "dst", C * F), v.covers(l, 1, "partials", static_cast<std::size_t>(chunks) * C * F);
       }))},
      {"gelu_forward", make_kernel(gelu_forward, elementwise({{0, "out"}, {1, "inp"}}, 2))},
      {"gelu_backward", make_kernel(gelu_backward, elementwise({{0, "dinp"}, {1, "dout"}, {2, "inp"}}, 3))},
      // (out, inp, N, H)
      {"swiglu_forward", make_kernel(swiglu_forward, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(2), H = l.i32(3);
         v.positive("N", N), v.positive("H", H);
         v.grid(l, dim3(cdiv(static_cast<std::size_t>(N) * H, K_THREADS)), K_THREADS);
         v.covers(l, 0, "out", static_cast<std::size_t>(N) * H * F), v.covers(l, 1, "inp", 2 * static_cast<std::size_t>(N) * H * F);
       }))},
      // (dinp, dout, inp, N, H)
      {"swiglu_backward", make_kernel(swiglu_backward, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(3), H = l.i32(4);
         v.positive("N", N), v.positive("H", H);
         v.grid(l, dim3(cdiv(static_cast<std::size_t>(N) * H, K_THREADS)), K_THREADS);
         v.covers(l, 0, "dinp", 2 * static_cast<std::size_t>(N) * H * F), v.covers(l, 1, "dout", static_cast<std::size_t>(N) * H * F);
         v.covers(l, 2, "inp", 2 * static_cast<std::size_t>(N) * H * F);
       }))},
      // (x, cos, sin, B, T, NH, HS, stride, sign)
      {"rope_rotate", make_kernel(rope_rotate, contract([](const Launch& l, Verdict& v) {
         const int B = l.i32(3), T = l.i32(4), NH = l.i32(5), HS = l.i32(6), stride = l.i32(7);
         const float sign = l.f32(8);
         v.positive("B", B), v.positive("T", T), v.positive("NH", NH), v.positive("HS", HS);
         if (HS % 2 != 0) v.fail("HS must be even");
         if (stride < NH * HS) v.fail("stride < NH·HS");
         if (sign != 1.0f && sign != -1.0f) v.fail("sign must be ±1");
         v.grid(l, dim3(cdiv(static_cast<std::size_t>(B) * T * NH * (HS / 2), K_THREADS)), K_THREADS);
         v.covers(l, 0, "x", ((static_cast<std::size_t>(B) * T - 1) * stride + static_cast<std::size_t>(NH) * HS) * F);
         v.covers(l, 1, "cos", static_cast<std::size_t>(T) * (HS / 2) * F), v.covers(l, 2, "sin", static_cast<std::size_t>(T) * (HS / 2) * F);
       }))},
      {"residual_add", make_kernel(residual_add, elementwise({{0, "acc"}, {1, "x"}}, 2))},
      // (out, bias, N, OC)
      {"bias_add", make_kernel(bias_add, contract([](const Launch& l, Verdict& v) {
         const int N = l.i32(2), OC = l.i32(3);
         v.positive("N", N), v.positive("OC", OC);
         v.grid(l, dim3(cdiv(static_cast<std::size_t>(N) * OC, K_THREADS)), K_THREADS);
         v.covers(l, 0, "out", static_cast<std::size_t>(N) * OC * F), v.covers(l, 1, "bias", OC * F);
       }))},
      {"scale_inplace", make_kernel(scale_inplace, elementwise({{0, "x"}}, 2))},
      // (dst, src, rows, M, C)
      {"gather_rows", make_kernel(gather_rows, contract([](const Launch& l, Verdict& v) {
         const int M = l.i32(3), C = l.i32(4);
         v.positive("M", M), v.positive("C", C);
         v.grid(l, dim3(cdiv(static_cast<std::size_t>(M) * C, K_THREADS)), K_THREADS);
         v.covers(l, 0, "dst", static_cast<std::size_t>(M) * C * F), v.covers(l, 1, "src", C * F), v.covers(l, 2, "rows", M * I);
       }))},
      // (logits, losses, targets, V, scale); grid = N
      {"softmax_cross_entropy", make_kernel(softmax_cross_entropy, contract([](const Launch& l, Verdict& v) {
         const int N = static_cast<int>(l.grid.x), V = l.i32(3);
         v.positive("V", V);
         v.grid(l, dim3(N), CE_THREADS);
         v.covers(l, 0, "logits", static_cast<std::size_t>(N) * V * F), v.covers(l, 1, "losses", N * F), v.covers(l, 2, "targets", N * I);
         const int* t = reinterpret_cast<const int*>(l.ptr(2));
         if (v.why.empty())
           for (int n = 0; n < N; ++n)
             if (t[n] < -1 || t[n] >= V) {
               v.fail("targets[" + std::to_string(n) + "] = " + std::to_string(t[n]) + " is outside −1 … V − 1");
               break;
             }
       }))},
      // (partials, g, n)
      {"sumsq_partials", make_kernel(sumsq_partials, contract([](const Launch& l, Verdict& v) {
         const int n = l.i32(2);
         v.positive("n", n);
         v.grid(l, dim3(cdiv(n, OPT_NORM_CHUNK)), OPT_THREADS);
         v.covers(l, 0, "partials", cdiv(n, OPT_NORM_CHUNK) * F), v.covers(l, 1, "g", static_cast<std::size_t>(n) * F);
       }))},
      // (p, g, m, v, decay, n, lr, b1, b2, eps, wd, c1, c2)
      {"adamw", make_kernel(adamw, contract([](const Launch& l, Verdict& v) {
         const int n = l.i32(5);
         v.positive("n", n);
         v.grid(l, dim3(cdiv(n, OPT_THREADS)), OPT_THREADS);
         const std::size_t b = static_cast<std::size_t>(n) * F;
         v.covers(l, 0, "p", b), v.covers(l, 1, "g", b), v.covers(l, 2, "m", b), v.covers(l, 3, "v", b), v.covers(l, 4, "decay", n);
       }))},
      // (dst, src, n)
      {"cast_bf16", make_kernel(cast_bf16, contract([](const Launch& l, Verdict& v) {
         const int n = l.i32(2);
         v.positive("n", n);
         v.grid(l, dim3(cdiv(n, GEMM_THREADS)), GEMM_THREADS);
         v.covers(l, 0, "dst", static_cast<std::size_t>(n) * 2), v.covers(l, 1, "src", static_cast<std::size_t>(n) * F);
       }))},
      // (C, A, B, M, N, K, lda, ldb, ldc, trans_a, trans_b, beta, round)
      {"gemm_tiled", make_kernel(gemm_tiled, contract([](const Launch& l, Verdict& v) {
         const int M = l.i32(3), N = l.i32(4), K = l.i32(5), lda = l.i32(6), ldb = l.i32(7), ldc = l.i32(8);
         const int ta = l.i32(9), tb = l.i32(10), round = l.i32(12);
         const float beta = l.f32(11);
         v.positive("M", M), v.positive("N", N), v.positive("K", K);
         if (beta != 0.0f && beta != 1.0f) v.fail("beta must be 0 or 1");
         if (round < 0 || round > 2) v.fail("round must be 0, 1 or 2");
         if (lda < (ta ? M : K) || ldb < (tb ? K : N) || ldc < N) v.fail("a leading dimension is smaller than its rows");
         v.grid(l, dim3(cdiv(N, GEMM_TILE), cdiv(M, GEMM_TILE)), GEMM_THREADS);
         const auto extent = [](int rows, int cols, int ld) { return ((static_cast<std::size_t>(rows) - 1) * ld + cols) * F; };
         v.covers(l, 0, "C", extent(M, N, ldc));
         v.covers(l, 1, "A", ta ? extent(K, M, lda) : extent(M, K, lda));
         v.covers(l, 2, "B", tb ? extent(N, K, ldb) : extent(K, N, ldb));
       }))},
  };
  return r;
}

// Checks one launch against the contract; returns "" or what is wrong.
std::string check_launch(const Kernel& k, dim3 grid, dim3 block, void** params) {
  if (k.contract) return k.contract(grid, block, params);
  const auto i32 = [&](std::size_t i) { return *static_cast<const int*>(params[i]); };
  int T = 0, NH = 0, HS = 0, causal = 0;
  float scale = 0;
  for (std::size_t i = 0; i < k.params.size(); ++i) switch (k.params[i].role) {
      case Role::T: T = i32(i); break;
      case Role::NH: NH = i32(i); break;
      case Role::HS: HS = i32(i); break;
      case Role::Causal: causal = i32(i); break;
      case Role::Scale: scale = *static_cast<const float*>(params[i]); break;
      default: break;
    }
  if (T < 1 || NH < 1 || HS < 1 || HS > 128) return "bad T, NH or HS";
  if (causal != 0 && causal != 1) return "causal must be 0 or 1";
  if (k.geometry != Geometry::Delta && !(scale > 0 && std::isfinite(scale))) return "scale must be positive";
  if (k.dmax && attn::bucket(HS) != k.dmax)
    return "HS " + std::to_string(HS) + " belongs to another head-size bucket than " + std::to_string(k.dmax);
  if (block.x != ATTN_THREADS || block.y != 1 || block.z != 1) return "block must be (ATTN_THREADS, 1, 1)";

  int B;
  dim3 want;
  switch (k.geometry) {
    case Geometry::Forward: want = dim3(attn::ceil_div(T, ATTN_FWD_ROWS), NH, grid.z); break;
    case Geometry::BackwardKeys: want = dim3(attn::ceil_div(T, ATTN_BWD_KEYS(k.dmax)), NH, grid.z); break;
    case Geometry::BackwardRows: want = dim3(attn::ceil_div(T, ATTN_BWD_ROWS), NH, grid.z); break;
    case Geometry::Delta: want = dim3(attn::ceil_div(T * NH, ATTN_DELTA_ROWS), grid.y, 1); break;
  }
  B = k.geometry == Geometry::Delta ? static_cast<int>(grid.y) : static_cast<int>(grid.z);
  if (B < 1 || grid.x != want.x || grid.y != want.y || grid.z != want.z)
    return "grid (" + std::to_string(grid.x) + ", " + std::to_string(grid.y) + ", " + std::to_string(grid.z) +
           ") is not the one attention.cu documents: (" + std::to_string(want.x) + ", " + std::to_string(want.y) +
           ", " + std::to_string(want.z) + ")";

  const std::size_t rows = static_cast<std::size_t>(B) * T;
  for (std::size_t i = 0; i < k.params.size(); ++i) {
    const Param& p = k.params[i];
    const auto ptr = *static_cast<const std::uintptr_t*>(params[i]);
    std::size_t bytes = 0;
    switch (p.role) {
      case Role::Tensor: {
        const int stride = i32(p.stride_index);
        if (stride < NH * HS) return std::string(p.name) + ": row stride " + std::to_string(stride) + " < NH·HS";
        bytes = ((rows - 1) * stride + static_cast<std::size_t>(NH) * HS) * sizeof(float);
        break;
      }
      case Role::Stats: bytes = static_cast<std::size_t>(B) * NH * T * sizeof(float); break;
      case Role::Valid:
        if (ptr == 0) continue;  // null: no padding
        bytes = static_cast<std::size_t>(B) * sizeof(int);
        break;
      default: continue;
    }
    if (!covered(ptr, bytes)) {
      char where[160];
      std::snprintf(where, sizeof where, "%s (argument %zu): %zu bytes from 0x%llx are not inside one allocation",
                    p.name, i, bytes, static_cast<unsigned long long>(ptr));
      return where;
    }
  }
  return "";
}

// ---- PTX: a small reader of what the driver would check first ----

struct Entry {
  std::vector<int> param_sizes;
  int maxntid = 1024;
  int shared_bytes = 0;
};
struct Module {
  std::map<std::string, Entry> entries;
};
struct Function {
  const Kernel* kernel;
  const Entry* entry;
  std::string name;
};

// The driver version (1000·major + 10·minor) a PTX ISA version needs.
long long driver_for_ptx(int major, int minor) {
  if (major == 7) return 11000 + 10 * minor;
  if (major == 8) return minor <= 5 ? 12000 + 10 * minor : 12010 + 10 * minor;  // 8.6 → 12.7, 8.7 → 12.8
  return 13000 + 10 * minor;
}

CUresult parse_ptx(const std::string& s, Module& m, std::string& err, std::string& info) {
  const auto line_at = [&](std::size_t at) { return s.substr(at, s.find('\n', at) - at); };
  const auto ver = s.find(".version "), tgt = s.find(".target ");
  if (ver == std::string::npos || tgt == std::string::npos) {
    err = "not PTX: .version or .target missing";
    return INVALID_PTX;
  }
  if (const auto e = s.find(".extern .func"); e != std::string::npos) {
    err = "unresolved external function: " + line_at(e);
    return INVALID_PTX;
  }
  int major = 0, minor = 0, sm = 0;
  std::sscanf(s.c_str() + ver, ".version %d.%d", &major, &minor);
  std::sscanf(s.c_str() + tgt, ".target sm_%d", &sm);
  if (driver_for_ptx(major, minor) > g_config.driver_version) {
    err = "PTX " + line_at(ver) + " needs a newer driver than " + std::to_string(g_config.driver_version);
    return UNSUPPORTED_PTX_VERSION;
  }
  if (sm > g_config.cc_major * 10 + g_config.cc_minor) {
    err = "PTX " + line_at(tgt) + " cannot run on compute capability " + std::to_string(g_config.cc_major) + "." +
          std::to_string(g_config.cc_minor);
    return NO_BINARY_FOR_GPU;
  }
  info = "fake JIT: " + line_at(ver) + ", " + line_at(tgt);
  for (std::size_t pos = 0; (pos = s.find(".entry ", pos)) != std::string::npos;) {
    pos += 7;
    const std::size_t paren = s.find('(', pos), close = s.find(')', paren), body = s.find('{', close);
    std::string name = s.substr(pos, paren - pos);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    Entry e;
    for (std::size_t p = paren; (p = s.find(".param ", p)) != std::string::npos && p < close;) {
      p += 7;
      std::size_t ty = s.find('.', p);  // .u64 / .u32 / .f32 (clang ≥ 22 adds ".ptr .align N" after it)
      e.param_sizes.push_back(std::atoi(s.c_str() + ty + 2) / 8);
    }
    if (const auto mx = s.find(".maxntid", close); mx < body) e.maxntid = std::atoi(s.c_str() + mx + 8);
    const std::size_t end = s.find("\n}", body);  // the entry's body
    for (std::size_t p = body; (p = s.find(".shared .align", p)) < end; ++p)
      e.shared_bytes += std::atoi(s.c_str() + s.find('[', p) + 1);
    info += "; " + name + " (" + std::to_string(e.param_sizes.size()) + " params)";
    m.entries[name] = e;
    pos = close;
  }
  return OK;
}

void put_log(unsigned n, const int* opts, void** vals, int buffer_option, int size_option, const std::string& msg) {
  char* buf = nullptr;
  std::size_t size = 0;
  for (unsigned i = 0; i < n; ++i) {
    if (opts[i] == buffer_option) buf = static_cast<char*>(vals[i]);
    if (opts[i] == size_option) size = reinterpret_cast<std::uintptr_t>(vals[i]);  // the value itself, not a pointer
  }
  if (buf && size) std::snprintf(buf, size, "%s", msg.c_str());
}

const char* error_name(CUresult r) {
  switch (r) {
    case OK: return "CUDA_SUCCESS";
    case INVALID_VALUE: return "CUDA_ERROR_INVALID_VALUE";
    case OUT_OF_MEMORY: return "CUDA_ERROR_OUT_OF_MEMORY";
    case NOT_INITIALIZED: return "CUDA_ERROR_NOT_INITIALIZED";
    case STUB_LIBRARY: return "CUDA_ERROR_STUB_LIBRARY";
    case INSUFFICIENT_DRIVER: return "CUDA_ERROR_INSUFFICIENT_DRIVER";
    case NO_DEVICE: return "CUDA_ERROR_NO_DEVICE";
    case INVALID_DEVICE: return "CUDA_ERROR_INVALID_DEVICE";
    case NO_BINARY_FOR_GPU: return "CUDA_ERROR_NO_BINARY_FOR_GPU";
    case INVALID_PTX: return "CUDA_ERROR_INVALID_PTX";
    case UNSUPPORTED_PTX_VERSION: return "CUDA_ERROR_UNSUPPORTED_PTX_VERSION";
    case INVALID_HANDLE: return "CUDA_ERROR_INVALID_HANDLE";
    case NOT_FOUND: return "CUDA_ERROR_NOT_FOUND";
    case ILLEGAL_ADDRESS: return "CUDA_ERROR_ILLEGAL_ADDRESS";
    default: return nullptr;
  }
}

}  // namespace

#define API extern "C" __attribute__((visibility("default")))
#define NEED_INIT                        \
  if (!g_initialised) return NOT_INITIALIZED

API CUresult cuInit(unsigned flags) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (flags != 0) return INVALID_VALUE;
  if (g_config.init_result != OK) return static_cast<CUresult>(g_config.init_result);
  g_initialised = true;
  return OK;
}
API CUresult cuDriverGetVersion(int* v) {
  if (!v) return INVALID_VALUE;
  *v = static_cast<int>(g_config.driver_version);
  return OK;
}
API CUresult cuDeviceGetCount(int* c) {
  NEED_INIT;
  *c = static_cast<int>(g_config.device_count);
  return OK;
}
API CUresult cuDeviceGet(int* d, int ordinal) {
  NEED_INIT;
  if (ordinal < 0 || ordinal >= g_config.device_count) return INVALID_DEVICE;
  *d = ordinal;
  return OK;
}
API CUresult cuDeviceGetName(char* name, int len, int dev) {
  NEED_INIT;
  if (dev < 0 || dev >= g_config.device_count) return INVALID_DEVICE;
  std::snprintf(name, static_cast<std::size_t>(len), "fake libcuda (babylm's kernels on the CPU emulator)");
  return OK;
}
API CUresult cuDeviceGetAttribute(int* v, int attr, int dev) {
  NEED_INIT;
  if (dev < 0 || dev >= g_config.device_count) return INVALID_DEVICE;
  switch (attr) {
    case 8: *v = ATTN_STATIC_SHARED_LIMIT; return OK;  // max shared memory per block
    case 16: *v = 1; return OK;                        // multiprocessors
    case 75: *v = static_cast<int>(g_config.cc_major); return OK;
    case 76: *v = static_cast<int>(g_config.cc_minor); return OK;
    default: return INVALID_VALUE;
  }
}
API CUresult cuDevicePrimaryCtxRetain(void** ctx, int dev) {
  NEED_INIT;
  if (dev < 0 || dev >= g_config.device_count) return INVALID_DEVICE;
  std::lock_guard<std::mutex> lock(g_mu);
  ++g_primary_refs;
  *ctx = reinterpret_cast<void*>(0x1000 + dev);
  return OK;
}
API CUresult cuDevicePrimaryCtxRelease_v2(int dev) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (dev < 0 || dev >= g_config.device_count || g_primary_refs == 0) return INVALID_DEVICE;
  --g_primary_refs;
  return OK;
}
API CUresult cuCtxSetCurrent(void* ctx) {
  NEED_INIT;
  return ctx ? OK : INVALID_VALUE;
}
API CUresult cuCtxSynchronize() {
  NEED_INIT;
  std::lock_guard<std::mutex> lock(g_mu);
  return g_sticky;
}

API CUresult cuModuleLoadDataEx(void** mod, const void* image, unsigned n, int* opts, void** vals) {
  NEED_INIT;
  if (!mod || !image || (n && (!opts || !vals))) return INVALID_VALUE;
  auto m = std::make_unique<Module>();
  std::string err, info;
  CUresult r = parse_ptx(static_cast<const char*>(image), *m, err, info);
  if (r == OK && g_config.jit_error != OK) {
    // As ptxas reports an error: by line of the PTX (here: a few lines into the gemm_tiled entry).
    r = static_cast<CUresult>(g_config.jit_error);
    const char* text = static_cast<const char*>(image);
    const char* entry = std::strstr(text, ".entry gemm_tiled(");
    long line = 1;
    for (const char* p = text; entry && p < entry; ++p) line += *p == '\n';
    err = "ptxas application ptx input, line " + std::to_string(line + 3) +
          "; error   : forced by fakecuda_configure(\"jit_error\")\nptxas fatal   : Ptx assembly aborted due to errors";
  }
  put_log(n, opts, vals, 5, 6, err);   // CU_JIT_ERROR_LOG_BUFFER (+ _SIZE_BYTES)
  put_log(n, opts, vals, 3, 4, info);  // CU_JIT_INFO_LOG_BUFFER (+ _SIZE_BYTES)
  if (r != OK) return r;
  *mod = m.release();
  return OK;
}
API CUresult cuModuleUnload(void* mod) {
  if (!mod) return INVALID_HANDLE;
  delete static_cast<Module*>(mod);
  return OK;
}
API CUresult cuModuleGetFunction(void** f, void* mod, const char* name) {
  NEED_INIT;
  auto* m = static_cast<Module*>(mod);
  if (!m || !f || !name) return INVALID_HANDLE;
  const auto e = m->entries.find(name);
  const auto k = registry().find(name);
  if (e == m->entries.end() || k == registry().end()) return NOT_FOUND;
  if (k->second.arg_sizes != e->second.param_sizes) {
    std::fprintf(stderr, "fake libcuda: %s: the PTX parameters do not match the host signature\n", name);
    return INVALID_VALUE;
  }
  *f = new Function{&k->second, &e->second, name};  // leaked like a real CUfunction: owned by the module
  return OK;
}
API CUresult cuFuncGetAttribute(int* v, int attr, void* f) {
  const auto* fn = static_cast<const Function*>(f);
  if (!fn || !v) return INVALID_HANDLE;
  switch (attr) {
    case 0: *v = fn->entry->maxntid; return OK;      // max threads per block
    case 1: *v = fn->entry->shared_bytes; return OK;  // static shared memory
    case 3: *v = 0; return OK;                        // local memory (spills): none on the emulator
    case 4: *v = 0; return OK;                        // registers: unknown here
    default: return INVALID_VALUE;
  }
}

API CUresult cuMemAlloc_v2(unsigned long long* p, std::size_t bytes) {
  NEED_INIT;
  if (!p || bytes == 0) return INVALID_VALUE;
  std::lock_guard<std::mutex> lock(g_mu);
  std::size_t live = 0;
  for (const auto& a : g_allocs) live += a.second;
  if (static_cast<long long>(live + bytes) > g_config.alloc_limit) return OUT_OF_MEMORY;
  auto* m = static_cast<unsigned char*>(std::aligned_alloc(256, (bytes + kGuardBytes + 255) / 256 * 256));
  if (!m) return OUT_OF_MEMORY;
  std::memset(m, 0xFF, bytes);  // device memory is not zeroed: 0xFFFFFFFF is a NaN, so unwritten output shows
  std::memset(m + bytes, kGuardByte, kGuardBytes);
  g_allocs[reinterpret_cast<std::uintptr_t>(m)] = bytes;
  *p = reinterpret_cast<std::uintptr_t>(m);
  return OK;
}
API CUresult cuMemFree_v2(unsigned long long p) {
  std::lock_guard<std::mutex> lock(g_mu);
  const auto it = g_allocs.find(p);
  if (it == g_allocs.end()) return INVALID_VALUE;
  std::free(reinterpret_cast<void*>(p));
  g_allocs.erase(it);
  return OK;
}
API CUresult cuMemcpyHtoD_v2(unsigned long long dst, const void* src, std::size_t n) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_sticky != OK) return g_sticky;  // as on a GPU: a faulted context fails every later call
  if (!src || !covered(dst, n)) return INVALID_VALUE;
  std::memcpy(reinterpret_cast<void*>(dst), src, n);
  return OK;
}
API CUresult cuMemcpyDtoH_v2(void* dst, unsigned long long src, std::size_t n) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_sticky != OK) return g_sticky;  // as on a GPU: a faulted context fails every later call
  if (!dst || !covered(src, n)) return INVALID_VALUE;
  std::memcpy(dst, reinterpret_cast<const void*>(src), n);
  return OK;
}
API CUresult cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                            unsigned shared_bytes, void* stream, void** params, void** extra) {
  NEED_INIT;
  const auto* fn = static_cast<const Function*>(f);
  if (!fn) return INVALID_HANDLE;
  if (!params || extra || shared_bytes) return INVALID_VALUE;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    if (stream && !g_streams.count(reinterpret_cast<std::uintptr_t>(stream))) return INVALID_HANDLE;
  }
  if (static_cast<long long>(bx) * by * bz > fn->entry->maxntid || !gx || !gy || !gz) return INVALID_VALUE;
  {
    std::lock_guard<std::mutex> lock(g_mu);
    if (const std::string why = check_launch(*fn->kernel, dim3(gx, gy, gz), dim3(bx, by, bz), params); !why.empty()) {
      std::fprintf(stderr, "fake libcuda: %s: %s\n", fn->name.c_str(), why.c_str());
      return INVALID_VALUE;
    }
  }
  fn->kernel->run(dim3(gx, gy, gz), dim3(bx, by, bz), params);
  std::lock_guard<std::mutex> lock(g_mu);
  ++g_launches;
  if (!guards_intact()) {
    std::fprintf(stderr, "fake libcuda: %s wrote past the end of an allocation\n", fn->name.c_str());
    g_sticky = ILLEGAL_ADDRESS;
  }
  return OK;
}
API CUresult cuMemsetD32_v2(unsigned long long dst, unsigned value, std::size_t n) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_sticky != OK) return g_sticky;
  if (!covered(dst, n * 4) || dst % 4) return INVALID_VALUE;
  auto* p = reinterpret_cast<unsigned*>(dst);
  for (std::size_t i = 0; i < n; ++i) p[i] = value;
  return OK;
}
API CUresult cuMemsetD8_v2(unsigned long long dst, unsigned char value, std::size_t n) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_sticky != OK) return g_sticky;
  if (!covered(dst, n)) return INVALID_VALUE;
  std::memset(reinterpret_cast<void*>(dst), value, n);
  return OK;
}
API CUresult cuMemcpyDtoD_v2(unsigned long long dst, unsigned long long src, std::size_t n) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_sticky != OK) return g_sticky;
  if (!covered(dst, n) || !covered(src, n)) return INVALID_VALUE;
  std::memmove(reinterpret_cast<void*>(dst), reinterpret_cast<const void*>(src), n);
  return OK;
}
API CUresult cuMemGetInfo_v2(std::size_t* free_bytes, std::size_t* total) {
  NEED_INIT;
  std::lock_guard<std::mutex> lock(g_mu);
  std::size_t live = 0;
  for (const auto& a : g_allocs) live += a.second;
  *total = static_cast<std::size_t>(g_config.alloc_limit);
  *free_bytes = live < *total ? *total - live : 0;
  return OK;
}
API CUresult cuMemHostAlloc(void** p, std::size_t bytes, unsigned flags) {
  NEED_INIT;
  if (!p || bytes == 0 || flags != 0) return INVALID_VALUE;
  std::lock_guard<std::mutex> lock(g_mu);
  *p = std::malloc(bytes);
  if (!*p) return OUT_OF_MEMORY;
  g_host_allocs[reinterpret_cast<std::uintptr_t>(*p)] = bytes;
  return OK;
}
API CUresult cuMemFreeHost(void* p) {
  std::lock_guard<std::mutex> lock(g_mu);
  const auto it = g_host_allocs.find(reinterpret_cast<std::uintptr_t>(p));
  if (it == g_host_allocs.end()) return INVALID_VALUE;
  std::free(p);
  g_host_allocs.erase(it);
  return OK;
}
// Asynchronous copies run at once (the source must be pinned: a real driver would copy pageable memory
// synchronously, hiding a missing pin).
API CUresult cuMemcpyHtoDAsync_v2(unsigned long long dst, const void* src, std::size_t n, void* stream) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_sticky != OK) return g_sticky;
  if (stream && !g_streams.count(reinterpret_cast<std::uintptr_t>(stream))) return INVALID_HANDLE;
  const auto h = g_host_allocs.upper_bound(reinterpret_cast<std::uintptr_t>(src));
  const bool pinned = h != g_host_allocs.begin() && reinterpret_cast<std::uintptr_t>(src) + n <= std::prev(h)->first + std::prev(h)->second;
  if (!src || !pinned || !covered(dst, n)) return INVALID_VALUE;
  std::memcpy(reinterpret_cast<void*>(dst), src, n);
  return OK;
}
API CUresult cuStreamCreate(void** stream, unsigned flags) {
  NEED_INIT;
  static std::uintptr_t next = 0x5000;
  std::lock_guard<std::mutex> lock(g_mu);
  if (!stream || flags > 1) return INVALID_VALUE;
  *stream = reinterpret_cast<void*>(++next);
  g_streams[next] = 1;
  return OK;
}
API CUresult cuStreamDestroy_v2(void* stream) {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_streams.erase(reinterpret_cast<std::uintptr_t>(stream)) ? OK : INVALID_HANDLE;
}
API CUresult cuEventCreate(void** e, unsigned flags) {
  NEED_INIT;
  static std::uintptr_t next = 0x9000;
  std::lock_guard<std::mutex> lock(g_mu);
  if (!e || flags > 15) return INVALID_VALUE;
  *e = reinterpret_cast<void*>(++next);
  g_events[next] = 0;
  return OK;
}
API CUresult cuEventDestroy_v2(void* e) {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_events.erase(reinterpret_cast<std::uintptr_t>(e)) ? OK : INVALID_HANDLE;
}
API CUresult cuEventRecord(void* e, void* stream) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (!g_events.count(reinterpret_cast<std::uintptr_t>(e))) return INVALID_HANDLE;
  if (stream && !g_streams.count(reinterpret_cast<std::uintptr_t>(stream))) return INVALID_HANDLE;
  g_events[reinterpret_cast<std::uintptr_t>(e)] = 1;
  return OK;
}
API CUresult cuEventSynchronize(void* e) {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_events.count(reinterpret_cast<std::uintptr_t>(e)) ? g_sticky : INVALID_HANDLE;
}
API CUresult cuStreamWaitEvent(void* stream, void* e, unsigned flags) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (flags != 0 || !g_events.count(reinterpret_cast<std::uintptr_t>(e))) return INVALID_HANDLE;
  if (stream && !g_streams.count(reinterpret_cast<std::uintptr_t>(stream))) return INVALID_HANDLE;
  return OK;
}
// For the fake cuBLAS: whether [p, p + n) lies inside one device allocation (1) or not (0).
API int fakecuda_covered(unsigned long long p, unsigned long long n) {
  std::lock_guard<std::mutex> lock(g_mu);
  return covered(p, n) ? 1 : 0;
}
API CUresult cuGetErrorName(CUresult r, const char** s) {
  *s = error_name(r);
  return *s ? OK : INVALID_VALUE;
}
API CUresult cuGetErrorString(CUresult r, const char** s) {
  *s = error_name(r);
  return *s ? OK : INVALID_VALUE;
}

// Test controls. Keys: init_result, driver_version, cc_major, cc_minor, device_count, alloc_limit,
// jit_error; "reset" restores every default (and clears a sticky fault). Returns 0, or −1 for an
// unknown key.
API int fakecuda_configure(const char* key, long long value) {
  static const std::map<std::string, long long Config::*> settings = {
      {"init_result", &Config::init_result}, {"driver_version", &Config::driver_version},
      {"cc_major", &Config::cc_major},       {"cc_minor", &Config::cc_minor},
      {"device_count", &Config::device_count}, {"alloc_limit", &Config::alloc_limit},
      {"jit_error", &Config::jit_error},
  };
  std::lock_guard<std::mutex> lock(g_mu);
  if (std::string(key) == "reset") {
    g_config = Config{};
    g_sticky = OK;
    return 0;
  }
  const auto it = settings.find(key);
  if (it == settings.end()) return -1;
  g_config.*(it->second) = value;
  return 0;
}
// Keys: live_allocations, launches, primary_context_refs, live_streams, live_events,
// live_host_allocations. Returns −1 for an unknown key.
API long long fakecuda_query(const char* key) {
  std::lock_guard<std::mutex> lock(g_mu);
  const std::string k = key;
  if (k == "live_allocations") return static_cast<long long>(g_allocs.size());
  if (k == "launches") return g_launches;
  if (k == "primary_context_refs") return g_primary_refs;
  if (k == "live_streams") return static_cast<long long>(g_streams.size());
  if (k == "live_events") return static_cast<long long>(g_events.size());
  if (k == "live_host_allocations") return static_cast<long long>(g_host_allocs.size());
  return -1;
}
