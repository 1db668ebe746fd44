// cuda_emu.h — runs CUDA kernels on the CPU for correctness tests (C++20, g++ ≥ 12). Included by
// cuda_compat.h when a .cu file is compiled as ordinary host C++.
//
// Blocks run one after another; the threads of a block are real std::jthreads, so ThreadSanitizer
// sees every race inside a block. __syncthreads() is a std::barrier for the block; each warp has its
// own std::barrier and a double-buffered 32-slot exchange area for shuffles (one barrier per shuffle).
// A thread that returns leaves both barriers (arrive_and_drop), so early-exiting warps do not deadlock
// the rest, as on sm_70+. __shared__ expands to `static`: one copy for the block that runs — which is
// why blocks cannot run concurrently here (cuda_emu_fiber.h can). Not emulated: dynamic shared
// memory, inline PTX, tensor cores, cp.async, shuffles by part of a warp (they abort).
#pragma once
#include <barrier>

#define __shared__ static  // one copy per process: blocks run one at a time
#include "cuda_emu_common.h"

namespace cuemu {
struct Warp {
  Warp(std::ptrdiff_t lanes, unsigned mask) : bar(lanes), launch_mask(mask) {}
  std::barrier<> bar;
  unsigned launch_mask;                   // the lanes the warp was launched with
  alignas(64) std::uint64_t slot[2][32];  // double-buffered: one barrier per shuffle
};
struct Block {
  explicit Block(std::ptrdiff_t threads) : bar(threads) {}
  std::barrier<> bar;
  std::vector<std::unique_ptr<Warp>> warps;
};
inline thread_local Block* tl_block = nullptr;
inline thread_local Warp* tl_warp = nullptr;
inline thread_local unsigned tl_lane = 0;
inline thread_local unsigned tl_phase = 0;

inline unsigned lane_id() { return tl_lane; }
inline void block_barrier() { tl_block->bar.arrive_and_wait(); }
inline void warp_barrier() { tl_warp->bar.arrive_and_wait(); }

template <class T>
T exchange(unsigned mask, T v, unsigned src) {
  static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>);
  Warp* w = tl_warp;
  if (mask != w->launch_mask) fail("shuffle mask is not the whole warp (partial-warp shuffles are not emulated)");
  const unsigned ph = tl_phase;
  tl_phase ^= 1u;
  std::memcpy(&w->slot[ph][tl_lane], &v, sizeof(T));
  w->bar.arrive_and_wait();
  if (!((w->launch_mask >> src) & 1u)) src = tl_lane;  // a lane the warp does not have: undefined on a GPU
  T r;
  std::memcpy(&r, &w->slot[ph][src], sizeof(T));
  return r;
}

// kernel<<<grid, block>>>(args...) on the CPU: blocks in turn, the threads of each in parallel.
template <class... KArgs, class... Args>
void launch(void (*kernel)(KArgs...), dim3 grid, dim3 block, Args... args) {
  const LaunchScope scope(grid, block);
  const unsigned nt = scope.threads;
  for (unsigned bz = 0; bz < grid.z; ++bz)
    for (unsigned by = 0; by < grid.y; ++by)
      for (unsigned bx = 0; bx < grid.x; ++bx) {
        Block blk(nt);
        for (unsigned w = 0; w * 32 < nt; ++w) {
          const unsigned n = std::min(32u, nt - w * 32);
          blk.warps.push_back(std::make_unique<Warp>(n, n == 32 ? 0xffffffffu : (1u << n) - 1u));
        }
        std::vector<std::jthread> threads;
        threads.reserve(nt);
        for (unsigned t = 0; t < nt; ++t)
          threads.emplace_back([&, t] {
            threadIdx = {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
            blockIdx = {bx, by, bz};
            tl_block = &blk;
            tl_warp = blk.warps[t / 32].get();
            tl_lane = t % 32;
            tl_phase = 0;
            kernel(args...);
            tl_warp->bar.arrive_and_drop();  // an exited thread no longer takes part in barriers
            tl_block->bar.arrive_and_drop();
          });
      }  // the jthreads join before the block's barriers go
}
}  // namespace cuemu
