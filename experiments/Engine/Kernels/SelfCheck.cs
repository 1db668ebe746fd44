// Every SIMD path of every kernel against its scalar reference on one moderate, awkward shape each: what
// `babylm bench kernels` runs before it times anything (the tests go much further). Outputs start as NaN,
// so a kernel that skips an element fails here too.
namespace BabyLm.Engine.Kernels;

public static class SelfCheck
{
    /// <summary>Runs all checks; returns how many ran and lists the ones that failed.</summary>
    public static int Run(WorkerPool pool, out List<string> failures)
    {
        var c = new Checker();
        foreach (var path in Simd.Available.Where(p => p != SimdPath.Scalar))
        {
            c.Path = path;
            CheckGemm(c, pool);
            CheckAttention(c, pool);
            CheckNorms(c, pool);
            CheckActivations(c, pool);
            CheckLayers(c, pool);
            CheckOptimizer(c, pool);
        }
        failures = c.Failures;
        return c.Count;
    }

    private sealed class Checker
    {
        public SimdPath Path;
        public int Count;
        public readonly List<string> Failures = [];

        /// <summary>max |actual − expected| / (|expected| + 1) ≤ tol, NaN counting as a failure.</summary>
        public void Same(string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tol)
        {
            Count++;
            double worst = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                double e = Math.Abs(actual[i] - expected[i]) / (Math.Abs(expected[i]) + 1);
                if (double.IsNaN(e)) { worst = double.NaN; break; }
                worst = Math.Max(worst, e);
            }
            if (!(worst <= tol)) Failures.Add($"{what} on {Path}: error {worst:G3} > {tol:G2}");
        }
    }

    private static float[] Data(int n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    private static float[] Nan(int n)
    {
        var a = new float[n];
        Array.Fill(a, float.NaN);
        return a;
    }

    private static void CheckGemm(Checker c, WorkerPool pool)
    {
        const int M = 67, N = 45, K = 300;
        foreach (var layout in Enum.GetValues<GemmLayout>())
        {
            int lda = layout == GemmLayout.TN ? M : K, ldb = layout == GemmLayout.NT ? K : N;
            float[] a = Data(M * K, 1), b = Data(N * K, 2), c0 = Data(M * N, 3);
            float[] r = (float[])c0.Clone(), x = (float[])c0.Clone();
            Gemm.MultiplyScalar(layout, a, lda, b, ldb, r, N, M, N, K, 1f);
            Gemm.Multiply(c.Path, layout, a, lda, b, ldb, x, N, M, N, K, 1f, pool);
            c.Same($"Gemm {layout}", r, x, 1e-5);
        }
        const int Rows = 33, In = 70, Out = 49;
        float[] inp = Data(Rows * In, 4), w = Data(Out * In, 5), bias = Data(Out, 6), dout = Data(Rows * Out, 7);
        float[] y = new float[Rows * Out], ky = Nan(Rows * Out);
        MatMul.ForwardScalar(inp, w, bias, y, Rows, In, Out);
        MatMul.Forward(c.Path, inp, w, bias, ky, Rows, In, Out, pool);
        c.Same("MatMul.Forward", y, ky, 1e-5);
        float[] dx = Data(Rows * In, 8), dw = Data(Out * In, 9), db = Data(Out, 10);
        float[] kdx = (float[])dx.Clone(), kdw = (float[])dw.Clone(), kdb = (float[])db.Clone();
        MatMul.BackwardScalar(dout, inp, w, dx, dw, db, Rows, In, Out);
        MatMul.Backward(c.Path, dout, inp, w, kdx, kdw, kdb, Rows, In, Out, pool);
        c.Same("MatMul.Backward dinp", dx, kdx, 1e-5);
        c.Same("MatMul.Backward dweight", dw, kdw, 1e-5);
        c.Same("MatMul.Backward dbias", db, kdb, 1e-5);
    }

    private static void CheckAttention(Checker c, WorkerPool pool)
    {
        foreach (bool causal in new[] { true, false })
        {
            var s = AttentionShape.FusedQkv(3, 150, 2, 40, causal, [150, 77, 1]);
            int C = s.NH * s.HS, n = s.B * s.T;
            float[] qkv = Data(n * 3 * C, 11, 2f), dout = Data(n * C, 12);
            float[] o = new float[n * C], lse = new float[s.B * s.NH * s.T], d = new float[qkv.Length];
            float[] ko = Nan(n * C), klse = Nan(lse.Length), kd = Nan(qkv.Length);
            Attention.ForwardScalar(qkv, qkv.AsSpan(C), qkv.AsSpan(2 * C), o, lse, s);
            Attention.Forward(c.Path, qkv, qkv.AsSpan(C), qkv.AsSpan(2 * C), ko, klse, s, pool);
            Attention.BackwardScalar(dout, qkv, qkv.AsSpan(C), qkv.AsSpan(2 * C), o, lse, d, d.AsSpan(C), d.AsSpan(2 * C), s);
            Attention.Backward(c.Path, dout, qkv, qkv.AsSpan(C), qkv.AsSpan(2 * C), o, lse, kd, kd.AsSpan(C), kd.AsSpan(2 * C), s, pool);
            string m = causal ? "causal" : "bidirectional";
            c.Same($"Attention.Forward {m}", o, ko, 2e-5);
            c.Same($"Attention.Forward {m} lse", lse, klse, 2e-5);
            c.Same($"Attention.Backward {m}", d, kd, 2e-5);
        }
    }

    private static void CheckNorms(Checker c, WorkerPool pool)
    {
        const int N = 33, C = 203;
        float[] x = Data(N * C, 13, 3f), w = Data(C, 14), b = Data(C, 15), dout = Data(N * C, 16);
        float[] y = new float[N * C], mean = new float[N], rstd = new float[N];
        float[] ky = Nan(N * C), kmean = Nan(N), krstd = Nan(N);
        LayerNorm.ForwardScalar(x, w, b, y, mean, rstd, N, C);
        LayerNorm.Forward(c.Path, x, w, b, ky, kmean, krstd, N, C, pool);
        c.Same("LayerNorm.Forward", y, ky, 2e-5);
        c.Same("LayerNorm.Forward rstd", rstd, krstd, 2e-5);
        float[] dx = Data(N * C, 17), dw = Data(C, 18), db = Data(C, 19);
        float[] kdx = (float[])dx.Clone(), kdw = (float[])dw.Clone(), kdb = (float[])db.Clone();
        LayerNorm.BackwardScalar(dout, x, w, mean, rstd, dx, dw, db, N, C);
        LayerNorm.Backward(c.Path, dout, x, w, mean, rstd, kdx, kdw, kdb, N, C, pool);
        c.Same("LayerNorm.Backward dinp", dx, kdx, 2e-5);
        c.Same("LayerNorm.Backward dweight", dw, kdw, 2e-5);
        c.Same("LayerNorm.Backward dbias", db, kdb, 2e-5);

        RmsNorm.ForwardScalar(x, w, y, rstd, N, C);
        RmsNorm.Forward(c.Path, x, w, ky, krstd, N, C, pool);
        c.Same("RmsNorm.Forward", y, ky, 2e-5);
        kdx = (float[])dx.Clone();
        kdw = (float[])dw.Clone();
        RmsNorm.BackwardScalar(dout, x, w, rstd, dx, dw, N, C);
        RmsNorm.Backward(c.Path, dout, x, w, rstd, kdx, kdw, N, C, pool);
        c.Same("RmsNorm.Backward dinp", dx, kdx, 2e-5);
        c.Same("RmsNorm.Backward dweight", dw, kdw, 2e-5);
    }

    private static void CheckActivations(Checker c, WorkerPool pool)
    {
        const int n = 1001;
        float[] x = Data(n, 20, 6f), dout = Data(n, 21);
        float[] y = new float[n], ky = Nan(n);
        Gelu.ForwardScalar(x, y, n);
        Gelu.Forward(c.Path, x, ky, n, pool);
        c.Same("Gelu.Forward", y, ky, 1e-6);
        Gelu.BackwardScalar(dout, x, y, n);
        ky = Nan(n);
        Gelu.Backward(c.Path, dout, x, ky, n, pool);
        c.Same("Gelu.Backward", y, ky, 1e-6);

        const int N = 5, H = 77;
        float[] u = Data(N * 2 * H, 22, 5f), du = Data(N * H, 23);
        float[] s = new float[N * H], ks = Nan(N * H), ds = new float[N * 2 * H], kds = Nan(N * 2 * H);
        SwiGlu.ForwardScalar(u, s, N, H);
        SwiGlu.Forward(c.Path, u, ks, N, H, pool);
        c.Same("SwiGlu.Forward", s, ks, 2e-6);
        SwiGlu.BackwardScalar(du, u, ds, N, H);
        SwiGlu.Backward(c.Path, du, u, kds, N, H, pool);
        c.Same("SwiGlu.Backward", ds, kds, 2e-6);
    }

    private static void CheckLayers(Checker c, WorkerPool pool)
    {
        // RoPE on q and k inside a fused QKV buffer (2·NH heads at stride 3C).
        const int B = 2, T = 9, NH = 2, HS = 34, Stride = 3 * NH * HS;
        float[] cos = new float[T * HS / 2], sin = new float[T * HS / 2];
        Rope.Table(T, HS, 10000f, cos, sin);
        float[] qkv = Data(B * T * Stride, 24), kq = (float[])qkv.Clone();
        Rope.RotateScalar(cos, sin, qkv, B, T, 2 * NH, HS, Stride, 1f);
        Rope.Forward(c.Path, cos, sin, kq, B, T, 2 * NH, HS, Stride, pool);
        c.Same("Rope.Forward", qkv, kq, 1e-6);

        const int V = 11, C = 50;
        var rng = new Random(25);
        var tokens = Enumerable.Range(0, B * T).Select(_ => rng.Next(V)).ToArray();
        float[] wte = Data(V * C, 26), wpe = Data(T * C, 27), e = new float[B * T * C], ke = Nan(B * T * C);
        Embedding.ForwardScalar(tokens, wte, wpe, e, B, T, C);
        Embedding.Forward(c.Path, tokens, wte, wpe, ke, B, T, C, pool);
        c.Same("Embedding.Forward", e, ke, 0);
        float[] dwte = Data(V * C, 28), dwpe = Data(T * C, 29), kdwte = (float[])dwte.Clone(), kdwpe = (float[])dwpe.Clone();
        Embedding.BackwardScalar(e, tokens, dwte, dwpe, B, T, C);
        Embedding.Backward(c.Path, e, tokens, kdwte, kdwpe, B, T, C, pool);
        c.Same("Embedding.Backward dwte", dwte, kdwte, 0);
        c.Same("Embedding.Backward dwpe", dwpe, kdwpe, 0);

        const int Rows = 9, Vocab = 301;
        float[] logits = Data(Rows * Vocab, 30, 8f), kl = (float[])logits.Clone(), losses = new float[Rows], kloss = Nan(Rows);
        int[] targets = [0, 300, -100, 5, 17, 150, -100, 299, 1];
        SoftmaxCrossEntropy.ForwardScalar(logits, targets, losses, Rows, Vocab, -100, 0.1f);
        SoftmaxCrossEntropy.Forward(c.Path, kl, targets, kloss, Rows, Vocab, -100, 0.1f, pool);
        c.Same("SoftmaxCrossEntropy losses", losses, kloss, 2e-6);
        c.Same("SoftmaxCrossEntropy dlogits", logits, kl, 2e-6);
    }

    private static void CheckOptimizer(Checker c, WorkerPool pool)
    {
        const int n = 1001;
        float[] p = Data(n, 31), g = Data(n, 32), m = Data(n, 33, 0.1f), v = Data(n, 34, 0.01f);
        for (int i = 0; i < n; i++) v[i] = Math.Abs(v[i]);
        var mask = Enumerable.Range(0, n).Select(i => (byte)(i % 2)).ToArray();
        float[] kp = (float[])p.Clone(), km = (float[])m.Clone(), kv = (float[])v.Clone();
        AdamW.StepScalar(p, g, m, v, mask, 1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, 3);
        AdamW.Step(c.Path, kp, g, km, kv, mask, 1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, 3, pool);
        c.Same("AdamW.Step params", p, kp, 0);
        c.Same("AdamW.Step m", m, km, 0);
        c.Same("AdamW.Step v", v, kv, 0);

        float[] big = Data(20_000, 35, 3f);
        double norm = GradClip.GlobalNormScalar(big), knorm = GradClip.GlobalNorm(c.Path, big, pool);
        c.Same("GradClip.GlobalNorm", [(float)norm], [(float)knorm], 1e-6);

        float[] acc = Data(n, 36), kacc = (float[])acc.Clone();
        Residual.AddScalar(acc, g);
        Residual.Add(c.Path, kacc, g, pool);
        c.Same("Residual.Add", acc, kacc, 0);
    }
}
