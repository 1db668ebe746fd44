// A persistent fork-join pool for the kernels: Threads-1 worker threads wait on events, the caller runs
// part 0 itself, and every kernel splits its work by a fixed partition of part indices, so results do not
// depend on timing. A fork-join costs under 1 µs on 2 threads (Parallel.For: ~4 µs), which matters for
// the many small per-layer calls of a training step. Jobs are unmanaged structs passed by pointer, so a
// kernel call allocates nothing. Each worker owns a ScratchArena (native, 64-byte aligned) for packing
// buffers and tiles. Not a general task scheduler: no work stealing, no nested parallelism (a job that
// calls another kernel on the same pool runs that kernel's parts one after another on its own thread).
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace BabyLm.Engine.Kernels;

/// <summary>A unit of parallel work: Execute(part, parts, scratch) runs once for each part 0..parts-1.</summary>
public interface IWorkerJob
{
    /// <param name="part">This call's share, 0 ≤ part &lt; parts; decides what it computes.</param>
    /// <param name="parts">The pool's thread count.</param>
    /// <param name="scratch">The running thread's scratch arena; release what you rent before returning.</param>
    void Execute(int part, int parts, ScratchArena scratch);
}

public sealed unsafe class WorkerPool : IDisposable
{
    private readonly Thread?[] _threads;
    private readonly ManualResetEventSlim?[] _go;
    private readonly ManualResetEventSlim?[] _done;
    private readonly ScratchArena[] _scratch;
    private readonly ScratchArena _callerScratch = new();
    private readonly Exception?[] _errors;
    private readonly object _runLock = new();
    private void* _job;
    private delegate*<void*, int, int, ScratchArena, void> _invoke;
    private volatile bool _disposed;

    [ThreadStatic] private static WorkerPool? t_running;
    [ThreadStatic] private static int t_slot;

    /// <param name="threads">Threads including the caller's; ≤ 0 means all cores.</param>
    public WorkerPool(int threads = 0)
    {
        Threads = threads > 0 ? threads : Environment.ProcessorCount;
        _threads = new Thread?[Threads];
        _go = new ManualResetEventSlim?[Threads];
        _done = new ManualResetEventSlim?[Threads];
        _errors = new Exception?[Threads];
        _scratch = new ScratchArena[Threads];
        for (int i = 0; i < Threads; i++) _scratch[i] = new ScratchArena();
        for (int i = 1; i < Threads; i++)
        {
            _go[i] = new ManualResetEventSlim(false, spinCount: 2000);
            _done[i] = new ManualResetEventSlim(false, spinCount: 2000);
            int slot = i;
            _threads[i] = new Thread(() => WorkerLoop(slot)) { IsBackground = true, Name = $"babylm-kernel-{slot}" };
            _threads[i]!.Start();
        }
    }

    /// <summary>Parts per job (threads, the caller's included).</summary>
    public int Threads { get; }

    /// <summary>Native bytes the scratch arenas hold (packing buffers, attention tiles), all threads.</summary>
    public long ScratchBytes => _scratch.Sum(s => s.BytesReserved) + _callerScratch.BytesReserved;

    /// <summary>
    /// Runs job.Execute(part, Threads, scratch) for every part, part 0 on the calling thread, and returns
    /// when all are done. The job lives on the caller's stack for the duration. Called from inside a job
    /// of this pool, the parts run one after another on the current thread (same partition, same results).
    /// </summary>
    public void Run<TJob>(ref TJob job) where TJob : unmanaged, IWorkerJob
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (TJob* p = &job)
        {
            if (t_running == this || Threads == 1)
            {
                var scratch = t_running == this ? _scratch[t_slot] : _scratch[0];
                for (int part = 0; part < Threads; part++) p->Execute(part, Threads, scratch);
                return;
            }
            lock (_runLock)
            {
                _job = p;
                _invoke = &Invoke<TJob>;
                for (int i = 1; i < Threads; i++) _go[i]!.Set();
                Exception? first = null;
                t_running = this;
                t_slot = 0;
                try { p->Execute(0, Threads, _scratch[0]); }
                catch (Exception e) { first = e; }
                finally { t_running = null; }
                for (int i = 1; i < Threads; i++)
                {
                    _done[i]!.Wait();
                    _done[i]!.Reset();
                    first ??= _errors[i];
                    _errors[i] = null;
                }
                _job = null;
                if (first is not null) ExceptionDispatchInfo.Capture(first).Throw();
            }
        }
    }

    /// <summary>
    /// Scratch for a kernel that needs memory across several Run calls (e.g. per-thread partial sums
    /// reduced by a second job). Outside a job it holds the pool's lock until disposed (so concurrent
    /// callers on other threads wait); inside a job it is that thread's own arena. Dispose releases it.
    /// </summary>
    internal CallerScratch RentCallerScratch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (t_running == this) return new CallerScratch(this, _scratch[t_slot], locked: false);
        Monitor.Enter(_runLock);
        return new CallerScratch(this, _callerScratch, locked: true);
    }

    internal readonly ref struct CallerScratch
    {
        private readonly WorkerPool _pool;
        private readonly (int, long) _mark;
        private readonly bool _locked;

        public CallerScratch(WorkerPool pool, ScratchArena arena, bool locked)
        {
            _pool = pool;
            Arena = arena;
            _mark = arena.Mark();
            _locked = locked;
        }

        public ScratchArena Arena { get; }

        public void Dispose()
        {
            Arena.Release(_mark);
            if (_locked) Monitor.Exit(_pool._runLock);
        }
    }

    /// <summary>Runs body(part) for every part (allocates a closure: for setup code, not hot paths).</summary>
    public void Run(Action<int> body)
    {
        var job = new ActionJob(GCHandle.Alloc(body));
        try { Run(ref job); }
        finally { job.Handle.Free(); }
    }

    /// <summary>
    /// The fixed partition every kernel uses: part's share [start, end) of [0, total), split into
    /// contiguous ranges of whole <paramref name="grain"/>-sized blocks (the last block may be short).
    /// </summary>
    public static (long Start, long End) Range(long total, int part, int parts, long grain = 1)
    {
        long blocks = (total + grain - 1) / grain;
        long b0 = blocks * part / parts, b1 = blocks * (part + 1) / parts;
        return (Math.Min(total, b0 * grain), Math.Min(total, b1 * grain));
    }

    private static void Invoke<TJob>(void* job, int part, int parts, ScratchArena scratch) where TJob : unmanaged, IWorkerJob
        => ((TJob*)job)->Execute(part, parts, scratch);

    private void WorkerLoop(int slot)
    {
        t_running = this;
        t_slot = slot;
        var go = _go[slot]!;
        var done = _done[slot]!;
        while (true)
        {
            go.Wait();
            go.Reset();
            if (_disposed) return;
            try { _invoke(_job, slot, Threads, _scratch[slot]); }
            catch (Exception e) { _errors[slot] = e; }
            done.Set();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        lock (_runLock)
        {
            _disposed = true;
            for (int i = 1; i < Threads; i++) _go[i]!.Set();
            for (int i = 1; i < Threads; i++) _threads[i]!.Join();
            foreach (var s in _scratch) s.Dispose();
            _callerScratch.Dispose();
        }
    }

    private readonly struct ActionJob(GCHandle handle) : IWorkerJob
    {
        public readonly GCHandle Handle = handle;
        public void Execute(int part, int parts, ScratchArena scratch) => ((Action<int>)Handle.Target!)(part);
    }
}

/// <summary>
/// Per-thread scratch memory, native and 64-byte aligned, used like a stack: note <see cref="Mark"/>,
/// rent with <see cref="Floats"/>, give back with <see cref="Release"/>. Blocks are kept for the next
/// call and never move, so a pointer stays valid until released.
/// </summary>
public sealed unsafe class ScratchArena : IDisposable
{
    private const long MinBlockBytes = 1 << 20;
    private readonly List<(nint Ptr, long Bytes)> _blocks = [];
    private int _block;     // current block index
    private long _offset;   // bytes used in the current block

    public long BytesReserved { get; private set; }

    public (int Block, long Offset) Mark() => (_block, _offset);

    public void Release((int Block, long Offset) mark) => (_block, _offset) = mark;

    /// <summary>n floats, 64-byte aligned, contents undefined.</summary>
    public float* Floats(long n)
    {
        long bytes = (Math.Max(n, 1) * sizeof(float) + 63) & ~63L;
        while (_block < _blocks.Count)
        {
            if (_offset + bytes <= _blocks[_block].Bytes)
            {
                float* p = (float*)(_blocks[_block].Ptr + (nint)_offset);
                _offset += bytes;
                return p;
            }
            _block++;
            _offset = 0;
        }
        long size = Math.Max(bytes, MinBlockBytes);
        _blocks.Add(((nint)NativeMemory.AlignedAlloc((nuint)size, 64), size));
        BytesReserved += size;
        _block = _blocks.Count - 1;
        _offset = bytes;
        return (float*)_blocks[_block].Ptr;
    }

    /// <summary>n floats set to zero.</summary>
    public float* ZeroedFloats(long n)
    {
        float* p = Floats(n);
        Unsafe.InitBlockUnaligned(p, 0, (uint)(n * sizeof(float)));
        return p;
    }

    public void Dispose()
    {
        foreach (var (ptr, _) in _blocks) NativeMemory.AlignedFree((void*)ptr);
        _blocks.Clear();
        BytesReserved = 0;
        _block = 0;
        _offset = 0;
    }
}
