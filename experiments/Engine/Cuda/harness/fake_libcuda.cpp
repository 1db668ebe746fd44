// fake_libcuda.cpp — a stand-in libcuda.so.1 for machines without a GPU, so that the C# GPU path
// (driver loading, error messages, marshalling, argument order, buffer sizes) runs in CI. It exports
// the driver-API calls CudaDriver.cs binds, treats host memory as device memory, and runs the kernels
// named in the loaded PTX on the fiber emulation of attention.cu — the same source the PTX came from.
//
// Stricter than a GPU where that finds bugs: the PTX's parameter sizes must match the host signature;
// every launch must have exactly the grid attention.cu documents; every pointer argument must cover, in
// one allocation, all the bytes the contract lets the kernel touch; new allocations are NaN-filled;
// each allocation has a guard zone that is checked after every launch (a write past the end is reported
// at the next cuCtxSynchronize as CUDA_ERROR_ILLEGAL_ADDRESS, like an asynchronous fault). Not
// emulated: streams, asynchrony, real JIT diagnostics, performance.
//
// Tests steer it through two extra exports: fakecuda_configure("key", value) (what cuInit returns, the
// driver version, compute capability, device count, an allocation limit, a forced JIT error) and
// fakecuda_query("key") (live allocations, launches, primary-context references).
// Build: harness/Makefile, target `fake`.
#include "../attention.cu"
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
  std::vector<Param> params;
  Geometry geometry;
  int dmax;  // head-size bucket; 0 for the delta kernel
};

template <class... A, std::size_t... I>
void call_unpacked(void (*k)(A...), dim3 g, dim3 b, void** p, std::index_sequence<I...>) {
  cuemu::launch(k, g, b, *static_cast<std::remove_cvref_t<A>*>(p[I])...);
}
template <class... A>
Kernel make_kernel(void (*k)(A...), std::vector<Param> params, Geometry geometry, int dmax) {
  return {[k](dim3 g, dim3 b, void** p) { call_unpacked(k, g, b, p, std::index_sequence_for<A...>{}); },
          {static_cast<int>(sizeof(A))...}, std::move(params), geometry, dmax};
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

const std::map<std::string, Kernel>& registry() {
  static const std::map<std::string, Kernel> r = {
      {"attention_backward_delta", make_kernel(attention_backward_delta, delta_params(), Geometry::Delta, 0)},
      FAKE_BUCKET(32),
      FAKE_BUCKET(64),
      FAKE_BUCKET(128),
  };
  return r;
}

// Checks one launch against the contract; returns "" or what is wrong.
std::string check_launch(const Kernel& k, dim3 grid, dim3 block, void** params) {
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
  std::snprintf(name, static_cast<std::size_t>(len), "fake libcuda (attention.cu on the CPU emulator)");
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
    r = static_cast<CUresult>(g_config.jit_error);
    err = "ptxas fatal: forced by fakecuda_configure(\"jit_error\")";
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
  if (!params || extra || shared_bytes || stream) return INVALID_VALUE;
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
// Keys: live_allocations, launches, primary_context_refs. Returns −1 for an unknown key.
API long long fakecuda_query(const char* key) {
  std::lock_guard<std::mutex> lock(g_mu);
  const std::string k = key;
  if (k == "live_allocations") return static_cast<long long>(g_allocs.size());
  if (k == "launches") return g_launches;
  if (k == "primary_context_refs") return g_primary_refs;
  return -1;
}
