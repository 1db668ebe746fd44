// cuda_emu_common.h — what both CPU emulations of the CUDA grid share (cuda_emu.h: one OS thread per
// CUDA thread; cuda_emu_fiber.h: fibers): the CUDA keywords as host C++, dim3, the built-in variables,
// the shuffles and the math. Each backend defines `__shared__`, then includes this, then provides
// cuemu::lane_id, cuemu::exchange (one shuffle step for the whole warp), the two barriers and launch.
#pragma once
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __constant__

struct uint3 {
  unsigned x, y, z;
};
struct dim3 {
  unsigned x, y, z;
  constexpr dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};

// Built-in variables: threadIdx and blockIdx differ per thread; blockDim and gridDim are per launch
// (one launch at a time).
inline thread_local uint3 threadIdx{0, 0, 0};
inline thread_local uint3 blockIdx{0, 0, 0};
inline dim3 blockDim, gridDim;
constexpr int warpSize = 32;

namespace cuemu {
[[noreturn]] inline void fail(const char* msg) {
  std::fprintf(stderr, "cuda_emu: %s\n", msg);
  std::abort();
}
// The launch in progress: one at a time (blockDim and gridDim are globals). Holds the lock until the
// launch returns; gives the threads per block.
struct LaunchScope {
  LaunchScope(dim3 grid, dim3 block) : lock(mutex()) {
    gridDim = grid;
    blockDim = block;
    threads = block.x * block.y * block.z;
    if (threads == 0 || threads > 1024) fail("bad block size");
  }
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  std::lock_guard<std::mutex> lock;
  unsigned threads;
};
// Provided by the backend.
inline unsigned lane_id();
inline void block_barrier();
inline void warp_barrier();
template <class T>
T exchange(unsigned mask, T v, unsigned src_lane);
}  // namespace cuemu

inline void __syncthreads() { cuemu::block_barrier(); }
inline void __syncwarp(unsigned = 0xffffffffu) { cuemu::warp_barrier(); }

template <class T>
T __shfl_sync(unsigned mask, T v, int src_lane, int width = 32) {
  const unsigned lane = cuemu::lane_id();
  return cuemu::exchange(mask, v, (lane & ~unsigned(width - 1)) + (unsigned(src_lane) & unsigned(width - 1)));
}
template <class T>
T __shfl_xor_sync(unsigned mask, T v, int lane_mask, int width = 32) {
  const unsigned lane = cuemu::lane_id();
  unsigned src = lane ^ unsigned(lane_mask);
  if ((src & ~unsigned(width - 1)) != (lane & ~unsigned(width - 1))) src = lane;
  return cuemu::exchange(mask, v, src);
}

inline float __log2f(float x) { return std::log2(x); }
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
// exp2f, fmaxf, fminf and INFINITY come from <cmath>.
