// Single-precision GEMM for the three layouts training needs, BLIS-style: K blocked by KC, columns by CB
// (a packed B block that stays in L2), rows by RB (a packed A block), and an MR×NR register-blocked
// micro-kernel (12×32 with Vector512, 6×16 with Vector256, 6×8 with Vector128) that keeps the A
// micro-panel in L1 while B micro-panels stream from L2. Threads split the larger of M and N into
// contiguous ranges of whole tiles, so every output element is computed by one thread in the same order
// whatever the thread count: results are bitwise identical for any number of threads.
// Not here: small-matrix fast paths, transposed C, alpha ≠ 1, beta other than 0 or 1.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BabyLm.Engine.Kernels;

/// <summary>Operand layouts, row-major. NT: A[M,K]·B[N,K]ᵀ. NN: A[M,K]·B[K,N]. TN: A[K,M]ᵀ·B[K,N].</summary>
public enum GemmLayout
{
    /// <summary>C = A·Bᵀ with B stored [N,K] (forward Y = X·Wᵀ, W [OC,C]).</summary>
    NT,
    /// <summary>C = A·B with B stored [K,N] (backward dX = dY·W).</summary>
    NN,
    /// <summary>C = Aᵀ·B with A stored [K,M] (backward dW += dYᵀ·X).</summary>
    TN,
}

public static unsafe class Gemm
{
    private const int KC = 256, RB = 1536, CB = 512;

    /// <summary>C[M,N] = beta·C + A[M,K]·B[N,K]ᵀ, dense. beta is 0 (overwrite) or 1 (accumulate).</summary>
    public static void NT(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int M, int N, int K, float beta, WorkerPool pool)
        => Multiply(Simd.Best, GemmLayout.NT, a, K, b, K, c, N, M, N, K, beta, pool);

    /// <summary>C[M,N] = beta·C + A[M,K]·B[K,N], dense. beta is 0 (overwrite) or 1 (accumulate).</summary>
    public static void NN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int M, int N, int K, float beta, WorkerPool pool)
        => Multiply(Simd.Best, GemmLayout.NN, a, K, b, N, c, N, M, N, K, beta, pool);

    /// <summary>C[M,N] = beta·C + A[K,M]ᵀ·B[K,N], dense. beta is 0 (overwrite) or 1 (accumulate).</summary>
    public static void TN(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int M, int N, int K, float beta, WorkerPool pool)
        => Multiply(Simd.Best, GemmLayout.TN, a, M, b, N, c, N, M, N, K, beta, pool);

    /// <summary>
    /// C = beta·C + op(A)·op(B) on the given path, with leading dimensions (row strides, in floats):
    /// A is [M,K] (NT, NN) or [K,M] (TN) with row stride lda; B is [N,K] (NT) or [K,N] (NN, TN) with row
    /// stride ldb; C is [M,N] with row stride ldc. beta is 0 (C overwritten) or 1 (accumulated into).
    /// </summary>
    public static void Multiply(SimdPath path, GemmLayout layout, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, int M, int N, int K, float beta, WorkerPool pool)
    {
        Check(layout, a.Length, lda, b.Length, ldb, c.Length, ldc, M, N, K, beta);
        Require.Pool("Gemm", pool);
        fixed (float* pa = a, pb = b, pc = c)
            Run(path, layout, pa, lda, pb, ldb, pc, ldc, M, N, K, beta == 1f, null, pool);
    }

    /// <summary>The scalar reference: C = beta·C + op(A)·op(B), plain loops, float sums in k order.</summary>
    public static void MultiplyScalar(GemmLayout layout, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, int M, int N, int K, float beta)
    {
        Check(layout, a.Length, lda, b.Length, ldb, c.Length, ldc, M, N, K, beta);
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
            {
                float sum = 0f;
                for (int p = 0; p < K; p++)
                {
                    float x = layout == GemmLayout.TN ? a[p * lda + i] : a[i * lda + p];
                    float y = layout == GemmLayout.NT ? b[j * ldb + p] : b[p * ldb + j];
                    sum += x * y;
                }
                c[i * ldc + j] = beta == 0f ? sum : c[i * ldc + j] + sum;
            }
    }

    private static void Check(GemmLayout layout, int aLen, int lda, int bLen, int ldb, int cLen, int ldc, int M, int N, int K, float beta)
    {
        const string k = "Gemm";
        Require.Positive(k, "M", M);
        Require.Positive(k, "N", N);
        Require.Positive(k, "K", K);
        if (beta != 0f && beta != 1f) throw new ArgumentOutOfRangeException(nameof(beta), beta, "Gemm: beta must be 0 or 1.");
        var (aRows, aCols) = layout == GemmLayout.TN ? (K, M) : (M, K);
        var (bRows, bCols) = layout == GemmLayout.NT ? (N, K) : (K, N);
        Require.AtLeast(k, "lda", lda, aCols);
        Require.AtLeast(k, "ldb", ldb, bCols);
        Require.AtLeast(k, "ldc", ldc, N);
        Require.Extent(k, "a", aLen, Extent(aRows, aCols, lda), $"{aRows}×{aCols}, lda {lda}");
        Require.Extent(k, "b", bLen, Extent(bRows, bCols, ldb), $"{bRows}×{bCols}, ldb {ldb}");
        Require.Extent(k, "c", cLen, Extent(M, N, ldc), $"{M}×{N}, ldc {ldc}");
    }

    private static long Extent(int rows, int cols, int ld) => rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;

    /// <summary>
    /// The unchecked entry: C (+)= op(A)·op(B) (+ bias[N] broadcast over rows, added once), parallel over
    /// the pool. Scalar path runs the reference loops.
    /// </summary>
    internal static void Run(SimdPath path, GemmLayout layout, float* a, int lda, float* b, int ldb, float* c, int ldc,
        int M, int N, int K, bool accumulate, float* bias, WorkerPool pool)
    {
        if (M == 0 || N == 0) return;
        if (K == 0)
        {
            for (int i = 0; i < M; i++)
                for (int j = 0; j < N; j++)
                    c[(nint)i * ldc + j] = (accumulate ? c[(nint)i * ldc + j] : 0f) + (bias != null ? bias[j] : 0f);
            return;
        }
        if (path == SimdPath.Scalar)
        {
            RunScalar(layout, a, lda, b, ldb, c, ldc, M, N, K, accumulate, bias);
            return;
        }
        KernelJob.Run<Body, Args>(path, new Args
        {
            Layout = layout, A = a, Lda = lda, B = b, Ldb = ldb, C = c, Ldc = ldc, M = M, N = N, K = K,
            Accumulate = accumulate, Bias = bias, SplitRows = M >= N,
            // Below ~2 MFLOP the fork-join costs more than it saves; part 0 then does it all (same results).
            Serial = (long)M * N * K < (1 << 20),
        }, pool);
    }

    private static void RunScalar(GemmLayout layout, float* a, int lda, float* b, int ldb, float* c, int ldc,
        int M, int N, int K, bool accumulate, float* bias)
    {
        for (int i = 0; i < M; i++)
            for (int j = 0; j < N; j++)
            {
                float sum = 0f;
                for (int p = 0; p < K; p++)
                {
                    float x = layout == GemmLayout.TN ? a[(nint)p * lda + i] : a[(nint)i * lda + p];
                    float y = layout == GemmLayout.NT ? b[(nint)j * ldb + p] : b[(nint)p * ldb + j];
                    sum += x * y;
                }
                if (bias != null) sum += bias[j];
                float* cij = c + (nint)i * ldc + j;
                *cij = accumulate ? *cij + sum : sum;
            }
    }

    private struct Args
    {
        public GemmLayout Layout;
        public float* A, B, C, Bias;
        public int Lda, Ldb, Ldc, M, N, K;
        public bool Accumulate, SplitRows, Serial;
    }

    /// <summary>Splits the larger of M and N into contiguous ranges of whole tiles, one per part.</summary>
    private readonly struct Body : IKernelBody<Args>
    {
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            if (a.Serial)
            {
                if (part == 0) Block<TV>(a.Layout, a.A, a.Lda, a.B, a.Ldb, a.C, a.Ldc, 0, a.M, 0, a.N, a.K, a.Accumulate, a.Bias, scratch);
                return;
            }
            if (a.SplitRows)
            {
                var (m0, m1) = WorkerPool.Range(a.M, part, parts, MR<TV>());
                if (m0 < m1) Block<TV>(a.Layout, a.A, a.Lda, a.B, a.Ldb, a.C, a.Ldc, (int)m0, (int)m1, 0, a.N, a.K, a.Accumulate, a.Bias, scratch);
            }
            else
            {
                var (n0, n1) = WorkerPool.Range(a.N, part, parts, NR<TV>());
                if (n0 < n1) Block<TV>(a.Layout, a.A, a.Lda, a.B, a.Ldb, a.C, a.Ldc, 0, a.M, (int)n0, (int)n1, a.K, a.Accumulate, a.Bias, scratch);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static int MR<TV>() where TV : unmanaged, IVec<TV> => TV.Count == 16 ? 12 : 6;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] private static int NR<TV>() where TV : unmanaged, IVec<TV> => 2 * TV.Count;

    /// <summary>
    /// C[m0..m1, n0..n1] (+)= op(A)·op(B) (+ bias) on the calling thread, packing into scratch. For kernels
    /// that parallelise outside (e.g. one GEMM per attention head inside a job).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Block<TV>(GemmLayout layout, float* A, int lda, float* B, int ldb, float* C, int ldc,
        int m0, int m1, int n0, int n1, int K, bool accumulate, float* bias, ScratchArena scratch) where TV : unmanaged, IVec<TV>
    {
        int mr = MR<TV>(), nr = NR<TV>();
        var mark = scratch.Mark();
        int rbMax = Math.Min(RB, m1 - m0), cbMax = Math.Min(CB, n1 - n0), kcMax = Math.Min(KC, K);
        float* ap = scratch.Floats((long)((rbMax + mr - 1) / mr * mr) * kcMax);
        float* bp = scratch.Floats((long)((cbMax + nr - 1) / nr * nr) * kcMax);
        float* tmp = scratch.Floats(mr * nr);
        for (int r0 = m0; r0 < m1; r0 += RB)
        {
            int rb = Math.Min(RB, m1 - r0);
            for (int p0 = 0; p0 < K; p0 += KC)
            {
                int kc = Math.Min(KC, K - p0);
                bool acc = accumulate || p0 > 0;
                float* blockBias = p0 == 0 ? bias : null;
                if (layout == GemmLayout.TN) PackAT<TV>(A, lda, r0, rb, p0, kc, ap);
                else PackA<TV>(A, lda, r0, rb, p0, kc, ap);
                for (int c0 = n0; c0 < n1; c0 += CB)
                {
                    int cb = Math.Min(CB, n1 - c0);
                    if (layout == GemmLayout.NT) PackBT<TV>(B, ldb, p0, kc, c0, cb, bp);
                    else PackB<TV>(B, ldb, p0, kc, c0, cb, bp);
                    for (int ir = 0; ir < rb; ir += mr)
                    {
                        int rows = Math.Min(mr, rb - ir);
                        float* cRow = C + (nint)(r0 + ir) * ldc + c0;
                        for (int jr = 0; jr < cb; jr += nr)
                        {
                            float* tileBias = blockBias != null ? blockBias + c0 + jr : null;
                            int cols = Math.Min(nr, cb - jr);
                            if (rows == mr && cols == nr)
                                MicroKernel<TV>(kc, ap + (nint)ir * kc, bp + (nint)jr * kc, cRow + jr, ldc, acc, tileBias);
                            else
                                EdgeTile<TV>(kc, ap + (nint)ir * kc, bp + (nint)jr * kc, cRow + jr, ldc, acc, tileBias, rows, cols, tmp);
                        }
                    }
                }
            }
        }
        scratch.Release(mark);
    }

    /// <summary>A partial tile: the micro-kernel writes a full tile to tmp, then rows×cols of it go to C.</summary>
    private static void EdgeTile<TV>(int kc, float* pa, float* pb, float* c, int ldc, bool acc, float* bias, int rows, int cols, float* tmp)
        where TV : unmanaged, IVec<TV>
    {
        int nr = NR<TV>();
        MicroKernel<TV>(kc, pa, pb, tmp, nr, false, null);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                // Same order as the micro-kernel: (Σ + bias) + C.
                float v = tmp[i * nr + j];
                if (bias != null) v += bias[j];
                if (acc) v += c[(nint)i * ldc + j];
                c[(nint)i * ldc + j] = v;
            }
    }

    /// <summary>
    /// C[MR, NR] (+)= Ap[kc][MR] · Bp[kc][NR] (+ bias[NR]) with 2·MR vector accumulators. acc=false
    /// overwrites. Every store is inline: a call after the loop would make the JIT spill the accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void MicroKernel<TV>(nint kc, float* a, float* b, float* c, nint ldc, bool acc, float* bias)
        where TV : unmanaged, IVec<TV>
    {
        if (typeof(TV) == typeof(Vec512)) { MicroKernel512(kc, a, b, c, ldc, acc, bias); return; }
        nint w = TV.Count; // MR = 6 rows (AVX-512 has its own 12-row kernel)
        if (Sse.IsSupported)
        {
            // Read-modify-write of C stalls at the end without this (measured on the prototype).
            for (int i = 0; i < 6; i++) { Sse.Prefetch0(c + i * ldc); Sse.Prefetch0(c + i * ldc + w); }
        }
        TV c0a = default, c0b = default, c1a = default, c1b = default, c2a = default, c2b = default;
        TV c3a = default, c3b = default, c4a = default, c4b = default, c5a = default, c5b = default;
        for (nint p = 0; p < kc; p++)
        {
            var b0 = TV.Load(b);
            var b1 = TV.Load(b + w);
            var s = TV.Create(a[0]); c0a = TV.Fma(s, b0, c0a); c0b = TV.Fma(s, b1, c0b);
            s = TV.Create(a[1]); c1a = TV.Fma(s, b0, c1a); c1b = TV.Fma(s, b1, c1b);
            s = TV.Create(a[2]); c2a = TV.Fma(s, b0, c2a); c2b = TV.Fma(s, b1, c2b);
            s = TV.Create(a[3]); c3a = TV.Fma(s, b0, c3a); c3b = TV.Fma(s, b1, c3b);
            s = TV.Create(a[4]); c4a = TV.Fma(s, b0, c4a); c4b = TV.Fma(s, b1, c4b);
            s = TV.Create(a[5]); c5a = TV.Fma(s, b0, c5a); c5b = TV.Fma(s, b1, c5b);
            a += 6;
            b += 2 * w;
        }
        if (bias != null)
        {
            var ba = TV.Load(bias);
            var bb = TV.Load(bias + w);
            c0a += ba; c0b += bb; c1a += ba; c1b += bb; c2a += ba; c2b += bb;
            c3a += ba; c3b += bb; c4a += ba; c4b += bb; c5a += ba; c5b += bb;
        }
        if (acc)
        {
            float* r = c;
            c0a += TV.Load(r); c0b += TV.Load(r + w); r += ldc;
            c1a += TV.Load(r); c1b += TV.Load(r + w); r += ldc;
            c2a += TV.Load(r); c2b += TV.Load(r + w); r += ldc;
            c3a += TV.Load(r); c3b += TV.Load(r + w); r += ldc;
            c4a += TV.Load(r); c4b += TV.Load(r + w); r += ldc;
            c5a += TV.Load(r); c5b += TV.Load(r + w);
        }
        {
            float* r = c;
            TV.Store(c0a, r); TV.Store(c0b, r + w); r += ldc;
            TV.Store(c1a, r); TV.Store(c1b, r + w); r += ldc;
            TV.Store(c2a, r); TV.Store(c2b, r + w); r += ldc;
            TV.Store(c3a, r); TV.Store(c3b, r + w); r += ldc;
            TV.Store(c4a, r); TV.Store(c4b, r + w); r += ldc;
            TV.Store(c5a, r); TV.Store(c5b, r + w);
        }
    }

    /// <summary>
    /// MicroKernel for Vec512, written on Vector512 directly: through the Vec512 wrapper the JIT overwrites
    /// the broadcast register in each row's last FMA and copies it back (12 extra vmovaps per 24 FMAs, on
    /// the same two 512-bit ports as the FMAs); measured 3–6% faster on the bench shapes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static void MicroKernel512(nint kc, float* a, float* b, float* c, nint ldc, bool acc, float* bias)
    {
        for (int i = 0; i < 12; i++) { Sse.Prefetch0(c + i * ldc); Sse.Prefetch0(c + i * ldc + 16); }
        Vector512<float> c0a = default, c0b = default; Vector512<float> c1a = default, c1b = default; Vector512<float> c2a = default, c2b = default;
        Vector512<float> c3a = default, c3b = default; Vector512<float> c4a = default, c4b = default; Vector512<float> c5a = default, c5b = default;
        Vector512<float> c6a = default, c6b = default; Vector512<float> c7a = default, c7b = default; Vector512<float> c8a = default, c8b = default;
        Vector512<float> c9a = default, c9b = default; Vector512<float> c10a = default, c10b = default; Vector512<float> c11a = default, c11b = default;
        for (nint p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var s = Vector512.Create(a[0]); c0a = Avx512F.FusedMultiplyAdd(s, b0, c0a); c0b = Avx512F.FusedMultiplyAdd(s, b1, c0b);
            s = Vector512.Create(a[1]); c1a = Avx512F.FusedMultiplyAdd(s, b0, c1a); c1b = Avx512F.FusedMultiplyAdd(s, b1, c1b);
            s = Vector512.Create(a[2]); c2a = Avx512F.FusedMultiplyAdd(s, b0, c2a); c2b = Avx512F.FusedMultiplyAdd(s, b1, c2b);
            s = Vector512.Create(a[3]); c3a = Avx512F.FusedMultiplyAdd(s, b0, c3a); c3b = Avx512F.FusedMultiplyAdd(s, b1, c3b);
            s = Vector512.Create(a[4]); c4a = Avx512F.FusedMultiplyAdd(s, b0, c4a); c4b = Avx512F.FusedMultiplyAdd(s, b1, c4b);
            s = Vector512.Create(a[5]); c5a = Avx512F.FusedMultiplyAdd(s, b0, c5a); c5b = Avx512F.FusedMultiplyAdd(s, b1, c5b);
            s = Vector512.Create(a[6]); c6a = Avx512F.FusedMultiplyAdd(s, b0, c6a); c6b = Avx512F.FusedMultiplyAdd(s, b1, c6b);
            s = Vector512.Create(a[7]); c7a = Avx512F.FusedMultiplyAdd(s, b0, c7a); c7b = Avx512F.FusedMultiplyAdd(s, b1, c7b);
            s = Vector512.Create(a[8]); c8a = Avx512F.FusedMultiplyAdd(s, b0, c8a); c8b = Avx512F.FusedMultiplyAdd(s, b1, c8b);
            s = Vector512.Create(a[9]); c9a = Avx512F.FusedMultiplyAdd(s, b0, c9a); c9b = Avx512F.FusedMultiplyAdd(s, b1, c9b);
            s = Vector512.Create(a[10]); c10a = Avx512F.FusedMultiplyAdd(s, b0, c10a); c10b = Avx512F.FusedMultiplyAdd(s, b1, c10b);
            s = Vector512.Create(a[11]); c11a = Avx512F.FusedMultiplyAdd(s, b0, c11a); c11b = Avx512F.FusedMultiplyAdd(s, b1, c11b);
            a += 12;
            b += 32;
        }
        if (bias != null)
        {
            var ba = Vector512.Load(bias);
            var bb = Vector512.Load(bias + 16);
            c0a += ba; c0b += bb; c1a += ba; c1b += bb; c2a += ba; c2b += bb; c3a += ba; c3b += bb; c4a += ba; c4b += bb; c5a += ba; c5b += bb; c6a += ba; c6b += bb; c7a += ba; c7b += bb; c8a += ba; c8b += bb; c9a += ba; c9b += bb; c10a += ba; c10b += bb; c11a += ba; c11b += bb;
        }
        if (acc)
        {
            c0a += Vector512.Load(c + 0 * ldc); c0b += Vector512.Load(c + 0 * ldc + 16);
            c1a += Vector512.Load(c + 1 * ldc); c1b += Vector512.Load(c + 1 * ldc + 16);
            c2a += Vector512.Load(c + 2 * ldc); c2b += Vector512.Load(c + 2 * ldc + 16);
            c3a += Vector512.Load(c + 3 * ldc); c3b += Vector512.Load(c + 3 * ldc + 16);
            c4a += Vector512.Load(c + 4 * ldc); c4b += Vector512.Load(c + 4 * ldc + 16);
            c5a += Vector512.Load(c + 5 * ldc); c5b += Vector512.Load(c + 5 * ldc + 16);
            c6a += Vector512.Load(c + 6 * ldc); c6b += Vector512.Load(c + 6 * ldc + 16);
            c7a += Vector512.Load(c + 7 * ldc); c7b += Vector512.Load(c + 7 * ldc + 16);
            c8a += Vector512.Load(c + 8 * ldc); c8b += Vector512.Load(c + 8 * ldc + 16);
            c9a += Vector512.Load(c + 9 * ldc); c9b += Vector512.Load(c + 9 * ldc + 16);
            c10a += Vector512.Load(c + 10 * ldc); c10b += Vector512.Load(c + 10 * ldc + 16);
            c11a += Vector512.Load(c + 11 * ldc); c11b += Vector512.Load(c + 11 * ldc + 16);
        }
        c0a.Store(c + 0 * ldc); c0b.Store(c + 0 * ldc + 16);
        c1a.Store(c + 1 * ldc); c1b.Store(c + 1 * ldc + 16);
        c2a.Store(c + 2 * ldc); c2b.Store(c + 2 * ldc + 16);
        c3a.Store(c + 3 * ldc); c3b.Store(c + 3 * ldc + 16);
        c4a.Store(c + 4 * ldc); c4b.Store(c + 4 * ldc + 16);
        c5a.Store(c + 5 * ldc); c5b.Store(c + 5 * ldc + 16);
        c6a.Store(c + 6 * ldc); c6b.Store(c + 6 * ldc + 16);
        c7a.Store(c + 7 * ldc); c7b.Store(c + 7 * ldc + 16);
        c8a.Store(c + 8 * ldc); c8b.Store(c + 8 * ldc + 16);
        c9a.Store(c + 9 * ldc); c9b.Store(c + 9 * ldc + 16);
        c10a.Store(c + 10 * ldc); c10b.Store(c + 10 * ldc + 16);
        c11a.Store(c + 11 * ldc); c11b.Store(c + 11 * ldc + 16);
    }

    // ---- packing: panels of MR rows of op(A) as [kc][MR], and NR columns of op(B) as [kc][NR], zero-padded.

    /// <summary>op(A) = A [M,K] row-major: panel q holds A[r0+q.., p0..p0+kc) transposed to [kc][MR].</summary>
    private static void PackA<TV>(float* A, int lda, int r0, int rb, int p0, int kc, float* ap) where TV : unmanaged, IVec<TV>
    {
        int mr = MR<TV>();
        for (int q = 0; q < rb; q += mr)
            PackTransposed(A + (nint)(r0 + q) * lda + p0, lda, Math.Min(mr, rb - q), kc, ap + (nint)q * kc, mr);
    }

    /// <summary>op(A) = Aᵀ with A stored [K,M]: each k contributes MR contiguous floats; 8 panels per pass over a row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackAT<TV>(float* A, int lda, int r0, int rb, int p0, int kc, float* ap) where TV : unmanaged, IVec<TV>
    {
        int mr = MR<TV>();
        int full = rb / mr * mr;
        for (int qb = 0; qb < full; qb += 8 * mr)
        {
            int qe = Math.Min(full, qb + 8 * mr);
            for (int p = 0; p < kc; p++)
            {
                float* src = A + (nint)(p0 + p) * lda + r0;
                for (int q = qb; q < qe; q += mr)
                    Unsafe.CopyBlockUnaligned(ap + (nint)q * kc + (nint)p * mr, src + q, (uint)(mr * sizeof(float)));
            }
        }
        if (full < rb)
        {
            int rows = rb - full;
            for (int p = 0; p < kc; p++)
            {
                float* s = A + (nint)(p0 + p) * lda + r0 + full, d = ap + (nint)full * kc + (nint)p * mr;
                for (int i = 0; i < mr; i++) d[i] = i < rows ? s[i] : 0f;
            }
        }
    }

    /// <summary>op(B) = B [K,N] row-major: each k contributes NR contiguous floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB<TV>(float* B, int ldb, int p0, int kc, int c0, int cb, float* bp) where TV : unmanaged, IVec<TV>
    {
        int nr = NR<TV>();
        for (int q = 0; q < cb; q += nr)
        {
            float* dst = bp + (nint)q * kc;
            int cols = Math.Min(nr, cb - q);
            if (cols == nr)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = B + (nint)(p0 + p) * ldb + c0 + q;
                    TV.Store(TV.Load(src), dst + (nint)p * nr);
                    TV.Store(TV.Load(src + TV.Count), dst + (nint)p * nr + TV.Count);
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = B + (nint)(p0 + p) * ldb + c0 + q;
                    for (int j = 0; j < nr; j++) dst[p * nr + j] = j < cols ? src[j] : 0f;
                }
            }
        }
    }

    /// <summary>op(B) = Bᵀ with B stored [N,K]: panel q holds B[c0+q.., p0..p0+kc) transposed to [kc][NR].</summary>
    private static void PackBT<TV>(float* B, int ldb, int p0, int kc, int c0, int cb, float* bp) where TV : unmanaged, IVec<TV>
    {
        int nr = NR<TV>();
        for (int q = 0; q < cb; q += nr)
            PackTransposed(B + (nint)(c0 + q) * ldb + p0, ldb, Math.Min(nr, cb - q), kc, bp + (nint)q * kc, nr);
    }

    /// <summary>
    /// dst[p·width + i] = src[i·ld + p] for i &lt; rows, 0 for rows ≤ i &lt; width, p &lt; kc: a transpose by
    /// 4×4 SSE blocks (Vector512.GetElement scatters cost twice as much).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PackTransposed(float* src, nint ld, int rows, int kc, float* dst, int width)
    {
        int r4 = Sse.IsSupported ? rows & ~3 : 0, k4 = kc & ~3;
        for (int i = 0; i < r4; i += 4)
        {
            float* s0 = src + i * ld, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld;
            // Later rows are a stride away (often not in cache): start fetching them now, the next four into
            // L1 and the four after those into L2, so more misses are in flight than one row's worth.
            for (int r = i + 4; r < Math.Min(i + 8, rows); r++) VecMath.Prefetch(src + r * ld, kc);
            for (int r = i + 16; r < Math.Min(i + 20, rows); r++) VecMath.PrefetchL2(src + r * ld, kc);
            float* d = dst + i;
            int p = 0;
            for (; p < k4; p += 4)
            {
                var x0 = Sse.LoadVector128(s0 + p);
                var x1 = Sse.LoadVector128(s1 + p);
                var x2 = Sse.LoadVector128(s2 + p);
                var x3 = Sse.LoadVector128(s3 + p);
                var t0 = Sse.UnpackLow(x0, x1);
                var t1 = Sse.UnpackHigh(x0, x1);
                var t2 = Sse.UnpackLow(x2, x3);
                var t3 = Sse.UnpackHigh(x2, x3);
                float* dd = d + (nint)p * width;
                Sse.Store(dd, Sse.MoveLowToHigh(t0, t2));
                Sse.Store(dd + width, Sse.MoveHighToLow(t2, t0));
                Sse.Store(dd + 2 * width, Sse.MoveLowToHigh(t1, t3));
                Sse.Store(dd + 3 * width, Sse.MoveHighToLow(t3, t1));
            }
            for (; p < kc; p++)
            {
                float* dd = d + (nint)p * width;
                dd[0] = s0[p]; dd[1] = s1[p]; dd[2] = s2[p]; dd[3] = s3[p];
            }
        }
        for (int i = r4; i < width; i++)
        {
            float* d = dst + i;
            if (i < rows)
            {
                float* s = src + i * ld;
                for (int p = 0; p < kc; p++) d[(nint)p * width] = s[p];
            }
            else
            {
                for (int p = 0; p < kc; p++) d[(nint)p * width] = 0f;
            }
        }
    }
}
