// sums[c] += Σ_n x[n, c] for a row-major [rows, cols] matrix: the bias gradient of a linear layer.
// Threads own disjoint column ranges and add rows in order, so every sum is the same sequence of float
// additions for any thread count and any SIMD width (a vector lane adds exactly what the scalar loop adds).
namespace BabyLm.Experiments.Kernels;

internal static unsafe class ColumnSums
{
    public static void Accumulate(SimdPath path, float* x, float* sums, int rows, int cols, WorkerPool pool)
    {
        switch (path)
        {
            case SimdPath.Vector512: Run<Vec512>(x, sums, rows, cols, pool); break;
            case SimdPath.Vector256: Run<Vec256>(x, sums, rows, cols, pool); break;
            case SimdPath.Vector128: Run<Vec128>(x, sums, rows, cols, pool); break;
            default:
                for (int n = 0; n < rows; n++)
                    for (int c = 0; c < cols; c++) sums[c] += x[(nint)n * cols + c];
                break;
        }
    }

    private static void Run<TV>(float* x, float* sums, int rows, int cols, WorkerPool pool) where TV : unmanaged, IVec<TV>
    {
        var job = new Job<TV> { X = x, Sums = sums, Rows = rows, Cols = cols };
        pool.Run(ref job);
    }

    private struct Job<TV> : IWorkerJob where TV : unmanaged, IVec<TV>
    {
        public float* X, Sums;
        public int Rows, Cols;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int part, int parts, ScratchArena scratch)
        {
            // Whole cache lines per thread (16 floats), so threads never write the same line.
            var (c0, c1) = WorkerPool.Range(Cols, part, parts, 16);
            int c = (int)c0, w = TV.Count;
            for (; c + 4 * w <= c1; c += 4 * w)
            {
                float* s = Sums + c;
                TV s0 = TV.Load(s), s1 = TV.Load(s + w), s2 = TV.Load(s + 2 * w), s3 = TV.Load(s + 3 * w);
                for (int n = 0; n < Rows; n++)
                {
                    float* r = X + (nint)n * Cols + c;
                    s0 += TV.Load(r); s1 += TV.Load(r + w); s2 += TV.Load(r + 2 * w); s3 += TV.Load(r + 3 * w);
                }
                TV.Store(s0, s); TV.Store(s1, s + w); TV.Store(s2, s + 2 * w); TV.Store(s3, s + 3 * w);
            }
            for (; c + w <= c1; c += w)
            {
                var s = TV.Load(Sums + c);
                for (int n = 0; n < Rows; n++) s += TV.Load(X + (nint)n * Cols + c);
                TV.Store(s, Sums + c);
            }
            for (; c < c1; c++)
            {
                float s = Sums[c];
                for (int n = 0; n < Rows; n++) s += X[(nint)n * Cols + c];
                Sums[c] = s;
            }
        }
    }
}
