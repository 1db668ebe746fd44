// How a kernel's SIMD body reaches the pool: the body is written once, generic over the vector width,
// and KernelJob.Run instantiates it for the requested path (one switch here instead of one per kernel).
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

/// <summary>A kernel's parallel work for one part of the pool, written once for every vector width.</summary>
internal interface IKernelBody<TArgs> where TArgs : unmanaged
{
    static abstract void Execute<TV>(in TArgs a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>;
}

internal static class KernelJob
{
    /// <summary>Runs TBody over every part of the pool with Vec512, Vec256 or Vec128 (not the scalar path).</summary>
    public static void Run<TBody, TArgs>(SimdPath path, in TArgs args, WorkerPool pool)
        where TBody : IKernelBody<TArgs> where TArgs : unmanaged
    {
        switch (path)
        {
            case SimdPath.Vector512: { var job = new Job<TBody, TArgs, Vec512> { A = args }; pool.Run(ref job); break; }
            case SimdPath.Vector256: { var job = new Job<TBody, TArgs, Vec256> { A = args }; pool.Run(ref job); break; }
            case SimdPath.Vector128: { var job = new Job<TBody, TArgs, Vec128> { A = args }; pool.Run(ref job); break; }
            default: throw new ArgumentOutOfRangeException(nameof(path), path, "the scalar path runs the kernel's reference, not a job");
        }
    }

    private struct Job<TBody, TArgs, TV> : IWorkerJob
        where TBody : IKernelBody<TArgs> where TArgs : unmanaged where TV : unmanaged, IVec<TV>
    {
        public TArgs A;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Execute(int part, int parts, ScratchArena scratch) => TBody.Execute<TV>(A, part, parts, scratch);
    }
}
