// fake_libcublas.cpp — a stand-in libcublas.so for machines without a GPU, beside fake_libcuda.cpp: it
// exports the cuBLAS calls Cublas.cs binds and computes cublasGemmEx on the CPU, in double, from the
// fake driver's "device" memory (host memory), so that the CUDA backend's cuBLAS path — the row-major to
// column-major mapping, the operands, the leading dimensions, the precisions — runs in CI against the
// CPU backend. Every operand must lie inside one allocation of the fake driver (fakecuda_covered);
// bf16 operands are read as bf16, and the tf32 compute type rounds both inputs to tf32 (10 mantissa bits,
// nearest-even), as tensor cores take them. Tests steer it with fakecublas_configure (the version it
// reports, a status cublasCreate returns) and count calls with fakecublas_query.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace {
constexpr int OK = 0, NOT_INITIALIZED = 1, INVALID_VALUE = 7, NOT_SUPPORTED = 15;
constexpr int R32F = 0, R16BF = 14, COMPUTE_32F = 68, COMPUTE_32F_FAST_TF32 = 77;

std::mutex g_mu;
long long g_version = 120802, g_create_status = OK, g_gemms = 0, g_handles = 0;

double round_tf32(float x) {
  std::uint32_t u;
  std::memcpy(&u, &x, 4);
  if ((u & 0x7f800000u) != 0x7f800000u) u = (u + 0xfffu + ((u >> 13) & 1u)) & ~0x1fffu;
  float r;
  std::memcpy(&r, &u, 4);
  return r;
}

// The fake driver's check that [p, p + n) lies inside one of its allocations: the libcuda.so.1 beside
// this library, already loaded by the test (dlopen with RTLD_NOLOAD finds it; it is never loaded here).
bool covered(std::uintptr_t p, std::size_t n) {
  using Fn = int (*)(unsigned long long, unsigned long long);
  static Fn fn = [] {
    Dl_info self{};
    if (!dladdr(reinterpret_cast<void*>(&round_tf32), &self) || !self.dli_fname) return static_cast<Fn>(nullptr);
    std::string dir = self.dli_fname;
    dir = dir.substr(0, dir.find_last_of('/') + 1);
    void* driver = dlopen((dir + "libcuda.so.1").c_str(), RTLD_LAZY | RTLD_NOLOAD);
    if (!driver) driver = dlopen("libcuda.so.1", RTLD_LAZY | RTLD_NOLOAD);
    return driver ? reinterpret_cast<Fn>(dlsym(driver, "fakecuda_covered")) : static_cast<Fn>(nullptr);
  }();
  if (!fn) std::fprintf(stderr, "fake libcublas: the fake libcuda.so.1 is not loaded (fakecuda_covered not found)\n");
  return fn && fn(p, n) == 1;
}

double element(const void* base, int type, std::size_t i, bool tf32) {
  if (type == R16BF) {
    const std::uint32_t u = static_cast<std::uint32_t>(static_cast<const std::uint16_t*>(base)[i]) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
  }
  const float f = static_cast<const float*>(base)[i];
  return tf32 ? round_tf32(f) : f;
}
}  // namespace

#define API extern "C" __attribute__((visibility("default")))

API int cublasCreate_v2(void** handle) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_create_status != OK) return static_cast<int>(g_create_status);
  *handle = reinterpret_cast<void*>(0xB1A5 + ++g_handles);
  return OK;
}
API int cublasDestroy_v2(void* handle) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (!handle || g_handles == 0) return NOT_INITIALIZED;
  --g_handles;
  return OK;
}
API int cublasGetVersion_v2(void* handle, int* version) {
  if (!handle || !version) return NOT_INITIALIZED;
  *version = static_cast<int>(g_version);
  return OK;
}
API int cublasSetMathMode(void* handle, int mode) { return handle && mode == 0 ? OK : INVALID_VALUE; }

// Column-major C[m, n] = alpha·op(A)·op(B) + beta·C.
API int cublasGemmEx(void* handle, int opa, int opb, int m, int n, int k, const void* alpha, const void* A, int atype, int lda,
                     const void* B, int btype, int ldb, const void* beta, void* C, int ctype, int ldc, int compute, int algo) {
  if (!handle) return NOT_INITIALIZED;
  if (m < 0 || n < 0 || k < 0 || (opa != 0 && opa != 1) || (opb != 0 && opb != 1) || algo != -1) return INVALID_VALUE;
  if (ctype != R32F || atype != btype || (atype != R32F && atype != R16BF)) return NOT_SUPPORTED;
  if (compute != COMPUTE_32F && compute != COMPUTE_32F_FAST_TF32) return NOT_SUPPORTED;
  if (atype == R16BF && compute != COMPUTE_32F) return NOT_SUPPORTED;
  const int arows = opa ? k : m, acols = opa ? m : k, brows = opb ? n : k, bcols = opb ? k : n;  // stored shapes (col-major)
  if (lda < std::max(1, arows) || ldb < std::max(1, brows) || ldc < std::max(1, m)) return INVALID_VALUE;
  if (m == 0 || n == 0) return OK;
  const std::size_t es = atype == R16BF ? 2 : 4;
  const auto extent = [](int rows, int cols, int ld, std::size_t e) { return ((static_cast<std::size_t>(cols) - 1) * ld + rows) * e; };
  if ((k > 0 && (!covered(reinterpret_cast<std::uintptr_t>(A), extent(arows, acols, lda, es)) ||
                 !covered(reinterpret_cast<std::uintptr_t>(B), extent(brows, bcols, ldb, es)))) ||
      !covered(reinterpret_cast<std::uintptr_t>(C), extent(m, n, ldc, 4))) {
    std::fprintf(stderr, "fake libcublas: cublasGemmEx: an operand is not inside one device allocation\n");
    return INVALID_VALUE;
  }
  const bool tf32 = compute == COMPUTE_32F_FAST_TF32;
  const float a = *static_cast<const float*>(alpha), b = *static_cast<const float*>(beta);
  auto* c = static_cast<float*>(C);
  std::vector<double> out(static_cast<std::size_t>(m) * n);
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) {
      double s = 0;
      for (int p = 0; p < k; ++p) {
        const std::size_t ai = opa ? static_cast<std::size_t>(i) * lda + p : static_cast<std::size_t>(p) * lda + i;
        const std::size_t bi = opb ? static_cast<std::size_t>(p) * ldb + j : static_cast<std::size_t>(j) * ldb + p;
        s += element(A, atype, ai, tf32) * element(B, btype, bi, tf32);
      }
      const std::size_t ci = static_cast<std::size_t>(j) * ldc + i;
      out[static_cast<std::size_t>(j) * m + i] = a * s + (b != 0.0f ? b * static_cast<double>(c[ci]) : 0.0);  // beta = 0: C never read
    }
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < m; ++i) c[static_cast<std::size_t>(j) * ldc + i] = static_cast<float>(out[static_cast<std::size_t>(j) * m + i]);
  std::lock_guard<std::mutex> lock(g_mu);
  ++g_gemms;
  return OK;
}

// Keys: version (what cublasGetVersion reports), create_status (what cublasCreate returns); "reset".
API int fakecublas_configure(const char* key, long long value) {
  std::lock_guard<std::mutex> lock(g_mu);
  const std::string k = key;
  if (k == "reset") {
    g_version = 120802;
    g_create_status = OK;
    return 0;
  }
  if (k == "version") g_version = value;
  else if (k == "create_status") g_create_status = value;
  else return -1;
  return 0;
}
// Keys: gemms (calls of cublasGemmEx that computed), handles (live handles).
API long long fakecublas_query(const char* key) {
  std::lock_guard<std::mutex> lock(g_mu);
  const std::string k = key;
  if (k == "gemms") return g_gemms;
  if (k == "handles") return g_handles;
  return -1;
}
