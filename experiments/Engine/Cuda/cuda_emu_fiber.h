// cuda_emu_fiber.h — the faster twin of cuda_emu.h (selected with -DCUEMU_FIBERS): the threads of a
// block are ucontext fibers on one OS thread that switch only at barriers and shuffles, and several
// blocks run at once on hardware_concurrency() OS threads (__shared__ is `static thread_local`, one
// copy per block in flight). The schedule inside a block is deterministic round robin, so a missing
// barrier fails the same way on every run. ThreadSanitizer does not see fibers as threads: races inside
// a block need cuda_emu.h, races between blocks show up here.
#pragma once
#include <ucontext.h>

#define __shared__ static thread_local  // one copy per OS thread = per block in flight
#include "cuda_emu_common.h"

namespace cuemu {
struct Fiber {
  ucontext_t ctx;
  std::unique_ptr<char[]> stack;
  uint3 tid;
  bool done = false;
  unsigned phase = 0;
};
struct Sched {  // one per OS worker thread; runs one block at a time
  ucontext_t main;
  std::vector<Fiber> fibers;
  unsigned cur = 0, live = 0;
  unsigned block_arrived = 0, block_gen = 0;
  std::vector<unsigned> warp_arrived, warp_gen, warp_live, warp_size;
  std::vector<std::uint64_t> slots;  // [warp][2][32]
  void (*body)(void*) = nullptr;
  void* body_arg = nullptr;
};
inline thread_local Sched* tl_sched = nullptr;

inline void yield_to_sched() {
  Sched* s = tl_sched;
  swapcontext(&s->fibers[s->cur].ctx, &s->main);
  threadIdx = s->fibers[s->cur].tid;  // resumed: restore this fiber's identity
}
inline unsigned lane_id() { return tl_sched->cur % 32; }
inline unsigned warp_id() { return tl_sched->cur / 32; }

inline void block_barrier() {
  Sched* s = tl_sched;
  const unsigned gen = s->block_gen;
  if (++s->block_arrived == s->live) {
    s->block_arrived = 0;
    ++s->block_gen;
    return;
  }
  while (s->block_gen == gen) yield_to_sched();
}
inline void warp_barrier() {
  Sched* s = tl_sched;
  const unsigned w = warp_id(), gen = s->warp_gen[w];
  if (++s->warp_arrived[w] == s->warp_live[w]) {
    s->warp_arrived[w] = 0;
    ++s->warp_gen[w];
    return;
  }
  while (s->warp_gen[w] == gen) yield_to_sched();
}
template <class T>
T exchange(unsigned mask, T v, unsigned src) {
  static_assert(sizeof(T) <= 8 && std::is_trivially_copyable_v<T>);
  Sched* s = tl_sched;
  Fiber& me = s->fibers[s->cur];
  const unsigned w = warp_id(), lane = lane_id();
  const unsigned launched = s->warp_size[w] == 32 ? 0xffffffffu : (1u << s->warp_size[w]) - 1u;
  if (mask != launched) fail("shuffle mask is not the whole warp (partial-warp shuffles are not emulated)");
  std::uint64_t* slot = &s->slots[(w * 2 + me.phase) * 32];  // double-buffered: one barrier per shuffle
  me.phase ^= 1u;
  std::memcpy(&slot[lane], &v, sizeof(T));
  warp_barrier();
  T r;
  // Compare with the warp's size at launch, not its live lanes: a lane that has returned since still
  // left its value in the slot.
  std::memcpy(&r, &slot[src < s->warp_size[w] ? src : lane], sizeof(T));
  return r;
}

inline unsigned num_workers = std::max(1u, std::thread::hardware_concurrency());
inline std::size_t fiber_stack_bytes = 256 * 1024;

inline void fiber_entry() {
  Sched* s = tl_sched;
  threadIdx = s->fibers[s->cur].tid;
  s->body(s->body_arg);
  s = tl_sched;
  const unsigned w = s->cur / 32;
  s->fibers[s->cur].done = true;  // an exited thread leaves both barriers
  --s->live;
  --s->warp_live[w];
  if (s->live && s->block_arrived == s->live) {
    s->block_arrived = 0;
    ++s->block_gen;
  }
  if (s->warp_live[w] && s->warp_arrived[w] == s->warp_live[w]) {
    s->warp_arrived[w] = 0;
    ++s->warp_gen[w];
  }
}  // returns through uc_link to the scheduler

// kernel<<<grid, block>>>(args...) on the CPU: blocks spread over worker threads, each block's threads
// as fibers on one of them.
template <class... KArgs, class... Args>
void launch(void (*kernel)(KArgs...), dim3 grid, dim3 block, Args... args) {
  const LaunchScope scope(grid, block);
  const unsigned nt = scope.threads, nw = (nt + 31) / 32;
  const unsigned total = grid.x * grid.y * grid.z;
  std::atomic<unsigned> next{0};
  auto worker = [&] {
    Sched s;
    tl_sched = &s;
    s.fibers.resize(nt);
    for (auto& f : s.fibers) f.stack.reset(new char[fiber_stack_bytes]);
    s.slots.assign(nw * 64, 0);
    auto body = [&] { kernel(args...); };
    s.body = [](void* p) { (*static_cast<decltype(body)*>(p))(); };
    s.body_arg = &body;
    for (unsigned b; (b = next.fetch_add(1)) < total;) {
      blockIdx = {b % grid.x, (b / grid.x) % grid.y, b / (grid.x * grid.y)};
      s.live = nt;
      s.block_arrived = 0;
      s.warp_arrived.assign(nw, 0);
      s.warp_gen.assign(nw, 0);
      s.warp_live.assign(nw, 32);
      if (nt % 32) s.warp_live[nw - 1] = nt % 32;
      s.warp_size = s.warp_live;
      for (unsigned t = 0; t < nt; ++t) {
        Fiber& f = s.fibers[t];
        f.done = false;
        f.phase = 0;
        f.tid = {t % block.x, (t / block.x) % block.y, t / (block.x * block.y)};
        getcontext(&f.ctx);
        f.ctx.uc_stack.ss_sp = f.stack.get();
        f.ctx.uc_stack.ss_size = fiber_stack_bytes;
        f.ctx.uc_link = &s.main;
        makecontext(&f.ctx, fiber_entry, 0);
      }
      while (s.live > 0)  // round robin until every fiber has returned
        for (unsigned t = 0; t < nt; ++t)
          if (!s.fibers[t].done) {
            s.cur = t;
            swapcontext(&s.main, &s.fibers[t].ctx);
          }
    }
    tl_sched = nullptr;
  };
  const unsigned nthreads = std::min(num_workers, total);
  std::vector<std::jthread> pool;
  for (unsigned i = 1; i < nthreads; ++i) pool.emplace_back(worker);
  worker();
}
}  // namespace cuemu
