// sums[c] += Σ_n x[n, c] for a row-major [rows, cols] matrix: the bias gradient of a linear layer.
// Threads own disjoint column ranges and add rows in order, so every sum is the same sequence of float
// additions for any thread count and any SIMD width (a vector lane adds exactly what the scalar loop adds).
namespace BabyLm.Engine.Kernels;

internal static unsafe class ColumnSums
{
    public static void Accumulate(SimdPath path, float* x, float* sums, int rows, int cols, WorkerPool pool)
    {
        if (path != SimdPath.Scalar)
        {
            KernelJob.Run<Body, Args>(path, new Args { X = x, Sums = sums, Rows = rows, Cols = cols }, pool);
            return;
        }
        for (int n = 0; n < rows; n++)
            for (int c = 0; c < cols; c++) sums[c] += x[(nint)n * cols + c];
    }

    /// <summary>
    /// dst[c] += Σ_p partials[p·stride + c] for c &lt; count, the parts in order 0..parts-1: the reduction of
    /// per-thread partial sums (weight and bias gradients of the norms). Columns split across threads.
    /// </summary>
    public static void AddPartials(float* partials, int parts, long stride, float* dst, int count, WorkerPool pool)
    {
        var job = new PartialsJob { Partials = partials, Parts = parts, Stride = stride, Dst = dst, Count = count };
        pool.Run(ref job);
    }

    private struct PartialsJob : IWorkerJob
    {
        public float* Partials, Dst;
        public long Stride;
        public int Parts, Count;

        public readonly void Execute(int part, int parts, ScratchArena scratch)
        {
            var (c0, c1) = WorkerPool.Range(Count, part, parts, 16);
            for (long c = c0; c < c1; c++)
            {
                float sum = Dst[c];
                for (int p = 0; p < Parts; p++) sum += Partials[p * Stride + c];
                Dst[c] = sum;
            }
        }
    }

    private struct Args
    {
        public float* X, Sums;
        public int Rows, Cols;
    }

    private readonly struct Body : IKernelBody<Args>
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            float* x = a.X, sums = a.Sums;
            int rows = a.Rows, cols = a.Cols;
            // Whole cache lines per thread (16 floats), so threads never write the same line.
            var (c0, c1) = WorkerPool.Range(cols, part, parts, 16);
            int c = (int)c0, w = TV.Count;
            for (; c + 4 * w <= c1; c += 4 * w)
            {
                float* s = sums + c;
                TV s0 = TV.Load(s), s1 = TV.Load(s + w), s2 = TV.Load(s + 2 * w), s3 = TV.Load(s + 3 * w);
                for (int n = 0; n < rows; n++)
                {
                    float* r = x + (nint)n * cols + c;
                    s0 += TV.Load(r); s1 += TV.Load(r + w); s2 += TV.Load(r + 2 * w); s3 += TV.Load(r + 3 * w);
                }
                TV.Store(s0, s); TV.Store(s1, s + w); TV.Store(s2, s + 2 * w); TV.Store(s3, s + 3 * w);
            }
            for (; c + w <= c1; c += w)
            {
                var s = TV.Load(sums + c);
                for (int n = 0; n < rows; n++) s += TV.Load(x + (nint)n * cols + c);
                TV.Store(s, sums + c);
            }
            for (; c < c1; c++)
            {
                float s = sums[c];
                for (int n = 0; n < rows; n++) s += x[(nint)n * cols + c];
                sums[c] = s;
            }
        }
    }
}
