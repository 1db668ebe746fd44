// Token (+ learned position) embedding lookup, and its scatter-add backward. The backward splits the
// channels across threads, each adding every row in order into its own columns: no two threads touch the
// same float, and each gradient element is the same sequence of additions for any thread count.
using System.Runtime.CompilerServices;

namespace BabyLm.Engine.Kernels;

public static unsafe class Embedding
{
    /// <summary>
    /// out[b·T + t, :] = wte[tokens[b·T + t], :] + wpe[t, :] (wpe may be empty: no position table).
    /// tokens [N = B·T] in 0..V-1; wte [V, C]; wpe [maxT ≥ T, C]; out [N, C] overwritten.
    /// </summary>
    public static void Forward(ReadOnlySpan<int> tokens, ReadOnlySpan<float> wte, ReadOnlySpan<float> wpe, Span<float> output,
        int B, int T, int C, WorkerPool pool)
        => Forward(Simd.Best, tokens, wte, wpe, output, B, T, C, pool);

    /// <inheritdoc cref="Forward(ReadOnlySpan{int}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int, WorkerPool)"/>
    public static void Forward(SimdPath path, ReadOnlySpan<int> tokens, ReadOnlySpan<float> wte, ReadOnlySpan<float> wpe, Span<float> output,
        int B, int T, int C, WorkerPool pool)
    {
        Check("Embedding.Forward", tokens, wte.Length, wpe.Length, output.Length, B, T, C, "out", "wte", "wpe");
        Require.Pool("Embedding.Forward", pool);
        if (path == SimdPath.Scalar) { ForwardScalar(tokens, wte, wpe, output, B, T, C); return; }
        fixed (int* tok = tokens)
        fixed (float* pe = wte, pp = wpe, po = output)
            KernelJob.Run<ForwardBody, Args>(path, new Args { Tokens = tok, Wte = pe, Wpe = wpe.IsEmpty ? null : pp, X = po, N = B * T, T = T, C = C }, pool);
    }

    /// <summary>Scalar reference of Forward.</summary>
    public static void ForwardScalar(ReadOnlySpan<int> tokens, ReadOnlySpan<float> wte, ReadOnlySpan<float> wpe, Span<float> output, int B, int T, int C)
    {
        Check("Embedding.ForwardScalar", tokens, wte.Length, wpe.Length, output.Length, B, T, C, "out", "wte", "wpe");
        for (int n = 0; n < B * T; n++)
            for (int c = 0; c < C; c++)
                output[n * C + c] = wte[tokens[n] * C + c] + (wpe.IsEmpty ? 0f : wpe[n % T * C + c]);
    }

    /// <summary>
    /// Backward of Forward, accumulated (+=): dwte[tokens[n], :] += dout[n, :] and dwpe[n mod T, :] += dout[n, :]
    /// (skipped when dwpe is empty). Rows are added in order n = 0..N-1.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dout, ReadOnlySpan<int> tokens, Span<float> dwte, Span<float> dwpe,
        int B, int T, int C, WorkerPool pool)
        => Backward(Simd.Best, dout, tokens, dwte, dwpe, B, T, C, pool);

    /// <inheritdoc cref="Backward(ReadOnlySpan{float}, ReadOnlySpan{int}, Span{float}, Span{float}, int, int, int, WorkerPool)"/>
    public static void Backward(SimdPath path, ReadOnlySpan<float> dout, ReadOnlySpan<int> tokens, Span<float> dwte, Span<float> dwpe,
        int B, int T, int C, WorkerPool pool)
    {
        Check("Embedding.Backward", tokens, dwte.Length, dwpe.Length, dout.Length, B, T, C, "dout", "dwte", "dwpe");
        Require.Pool("Embedding.Backward", pool);
        if (path == SimdPath.Scalar) { BackwardScalar(dout, tokens, dwte, dwpe, B, T, C); return; }
        fixed (int* tok = tokens)
        fixed (float* pd = dout, pe = dwte, pp = dwpe)
            KernelJob.Run<BackwardBody, Args>(path, new Args { Tokens = tok, Wte = pe, Wpe = dwpe.IsEmpty ? null : pp, X = pd, N = B * T, T = T, C = C }, pool);
    }

    /// <summary>Scalar reference of Backward (same accumulate semantics and order).</summary>
    public static void BackwardScalar(ReadOnlySpan<float> dout, ReadOnlySpan<int> tokens, Span<float> dwte, Span<float> dwpe, int B, int T, int C)
    {
        Check("Embedding.BackwardScalar", tokens, dwte.Length, dwpe.Length, dout.Length, B, T, C, "dout", "dwte", "dwpe");
        for (int n = 0; n < B * T; n++)
            for (int c = 0; c < C; c++)
            {
                dwte[tokens[n] * C + c] += dout[n * C + c];
                if (!dwpe.IsEmpty) dwpe[n % T * C + c] += dout[n * C + c];
            }
    }

    private struct Args
    {
        public int* Tokens;
        public float* Wte, Wpe, X;
        public int N, T, C;
    }

    private readonly struct ForwardBody : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (n0, n1) = WorkerPool.Range(a.N, part, parts);
            int C = a.C, W = TV.Count;
            for (long n = n0; n < n1; n++)
            {
                float* e = a.Wte + (long)a.Tokens[n] * C, o = a.X + n * C;
                float* p = a.Wpe == null ? null : a.Wpe + n % a.T * C;
                int c = 0;
                if (p == null)
                {
                    for (; c + W <= C; c += W) TV.Store(TV.Load(e + c), o + c);
                    for (; c < C; c++) o[c] = e[c];
                }
                else
                {
                    for (; c + W <= C; c += W) TV.Store(TV.Load(e + c) + TV.Load(p + c), o + c);
                    for (; c < C; c++) o[c] = e[c] + p[c];
                }
            }
        }
    }

    private readonly struct BackwardBody : IKernelBody<Args>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Execute<TV>(in Args a, int part, int parts, ScratchArena scratch) where TV : unmanaged, IVec<TV>
        {
            var (lo, hi) = WorkerPool.Range(a.C, part, parts, 16);
            int c0 = (int)lo, c1 = (int)hi, C = a.C, W = TV.Count;
            if (c0 >= c1) return;
            for (long n = 0; n < a.N; n++)
            {
                float* d = a.X + n * C;
                Add<TV>(d, a.Wte + (long)a.Tokens[n] * C, c0, c1, W);
                if (a.Wpe != null) Add<TV>(d, a.Wpe + n % a.T * C, c0, c1, W);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Add<TV>(float* src, float* dst, int c0, int c1, int w) where TV : unmanaged, IVec<TV>
        {
            int c = c0;
            for (; c + w <= c1; c += w) TV.Store(TV.Load(dst + c) + TV.Load(src + c), dst + c);
            for (; c < c1; c++) dst[c] += src[c];
        }
    }

    private static void Check(string k, ReadOnlySpan<int> tokens, int wte, int wpe, int rows, int B, int T, int C,
        string rowsName, string wteName, string wpeName)
    {
        Require.Positive(k, "B", B);
        Require.Positive(k, "T", T);
        Require.AtLeast(k, "C", C, 1);
        int N = B * T;
        Require.Length(k, "tokens", tokens.Length, N, $"B·T = {B}·{T}");
        Require.Length(k, rowsName, rows, (long)N * C, $"B·T·C = {B}·{T}·{C}");
        if (wte % C != 0) throw new ArgumentException($"{k}: {wteName} has {wte} elements, not a whole number of rows of C = {C}.", wteName);
        if (wpe != 0 && (wpe % C != 0 || wpe / C < T))
            throw new ArgumentException($"{k}: {wpeName} has {wpe} elements, expected 0 or maxT·C with maxT ≥ T = {T}, C = {C}.", wpeName);
        int V = wte / C;
        for (int n = 0; n < N; n++)
            if ((uint)tokens[n] >= (uint)V)
                throw new ArgumentOutOfRangeException(nameof(tokens), tokens[n], $"{k}: tokens[{n}] = {tokens[n]} is outside 0..V-1 (V = {V}).");
    }
}
