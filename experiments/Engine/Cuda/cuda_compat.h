// cuda_compat.h — lets one kernel source (.cu) build three ways:
//   1. clang -x cuda --cuda-device-only -nocudainc -nocudalib (no CUDA SDK) → PTX; what ships;
//   2. nvcc or NVRTC (the real toolkit; this header then adds almost nothing) — not used by the build;
//   3. a plain C++20 host compiler with cuda_emu.h (or cuda_emu_fiber.h) → the CPU emulation the
//      tests run.
// Kernels must stay inside the subset all three provide: threadIdx/blockIdx/blockDim/gridDim,
// __global__/__device__/__shared__, __syncthreads, __syncwarp, __shfl_sync/__shfl_xor_sync
// (float, int), exp2f, __log2f, fmaxf, fminf, rsqrtf, sqrtf, min/max (int), INFINITY, size_t.
// Mode 1 has no libdevice: expf, logf, powf … would compile to `.extern .func` and only fail when the
// driver JIT-compiles the PTX, so the build lints for that (see BabyLm.Experiments.csproj).
#pragma once

#if defined(__CUDA__) && defined(__CUDA_ARCH__) && !defined(__CUDACC__)
// (1) clang's device pass without CUDA headers. Every function below is one NVPTX builtin.
#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __host__ __attribute__((host))
#define __shared__ __attribute__((shared))
#define __constant__ __attribute__((constant))
#define __forceinline__ __inline__ __attribute__((always_inline))
#define __launch_bounds__(...) __attribute__((launch_bounds(__VA_ARGS__)))
#define CUDA_UNROLL _Pragma("unroll")  // loops over per-thread arrays: unrolled, they stay in registers
#include <__clang_cuda_builtin_vars.h>  // threadIdx, blockIdx, blockDim, gridDim, warpSize (ships with clang)

typedef __SIZE_TYPE__ size_t;
#ifndef INFINITY
#define INFINITY (__builtin_inff())
#endif
#define CUDA_COMPAT_FN static __device__ __forceinline__
// __syncthreads() is a clang builtin already (bar.sync 0). The shuffle clamp operand follows nvcc:
// ((32 - width) << 8) | 0x1f.
CUDA_COMPAT_FN void __syncwarp(unsigned mask = 0xffffffffu) { __nvvm_bar_warp_sync(mask); }
CUDA_COMPAT_FN float __shfl_xor_sync(unsigned m, float v, int lane_mask, int w = 32) { return __nvvm_shfl_sync_bfly_f32(m, v, lane_mask, ((32 - w) << 8) | 0x1f); }
CUDA_COMPAT_FN int __shfl_xor_sync(unsigned m, int v, int lane_mask, int w = 32) { return __nvvm_shfl_sync_bfly_i32(m, v, lane_mask, ((32 - w) << 8) | 0x1f); }
CUDA_COMPAT_FN float __shfl_sync(unsigned m, float v, int src, int w = 32) { return __nvvm_shfl_sync_idx_f32(m, v, src, ((32 - w) << 8) | 0x1f); }
CUDA_COMPAT_FN int __shfl_sync(unsigned m, int v, int src, int w = 32) { return __nvvm_shfl_sync_idx_i32(m, v, src, ((32 - w) << 8) | 0x1f); }
CUDA_COMPAT_FN float exp2f(float x) { return __nvvm_ex2_approx_f(x); }     // ex2.approx.f32: exp2(-inf) = +0
CUDA_COMPAT_FN float __log2f(float x) { return __nvvm_lg2_approx_f(x); }  // lg2.approx.f32
CUDA_COMPAT_FN float fmaxf(float a, float b) { return __nvvm_fmax_f(a, b); }
CUDA_COMPAT_FN float fminf(float a, float b) { return __nvvm_fmin_f(a, b); }
CUDA_COMPAT_FN float rsqrtf(float x) { return __nvvm_rsqrt_approx_f(x); }
CUDA_COMPAT_FN float sqrtf(float x) { return __builtin_sqrtf(x); }        // sqrt.rn.f32 (IEEE, not approximate)
CUDA_COMPAT_FN int min(int a, int b) { return a < b ? a : b; }
CUDA_COMPAT_FN int max(int a, int b) { return a > b ? a : b; }
#undef CUDA_COMPAT_FN

#elif defined(__CUDACC__)
// (2) nvcc / NVRTC: the toolkit provides everything.
#define CUDA_UNROLL _Pragma("unroll")
#ifndef INFINITY
#define INFINITY (__int_as_float(0x7f800000))
#endif

#else
// (3) host emulation: one OS thread per CUDA thread with std::barrier (works under ThreadSanitizer),
//     or with -DCUEMU_FIBERS one fiber per CUDA thread and blocks in parallel (faster, deterministic).
#define CUDA_UNROLL
#ifdef CUEMU_FIBERS
#include "cuda_emu_fiber.h"
#else
#include "cuda_emu.h"
#endif
#endif
