// `babylm bench kernels`: first every SIMD kernel against its scalar reference ("all match"), then, side
// by side in this process: GEMM against OpenBLAS's cblas_sgemm (target ≥ 0.8×), fused attention
// forward+backward against the same computation composed from our GEMM and softmax (≥ 2× at T = 128,
// ≥ 3× at T = 512) and against /usr/bin/python3's PyTorch (Debian's 1.13 build here) in a subprocess (≥ 3×), and LayerNorm, GELU and AdamW against
// the bandwidth of a plain parallel copy (≥ 0.6). A missing baseline is said and only that comparison is
// skipped. OpenBLAS is Debian's libopenblas0-pthread; OPENBLAS_CORETYPE=SkylakeX is put into the native
// environment (libc setenv) before the library loads, since without it this CPU gets the SSE3 kernels.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using BabyLm.Engine.Kernels;

namespace BabyLm.Experiments.Bench;

public sealed unsafe class KernelsBench : IBenchSuite
{
    public string Name => "kernels";
    public string Description => "CPU kernels checked against their scalar references, then GEMM vs OpenBLAS, fused vs unfused attention and PyTorch, elementwise vs copy bandwidth";

    public void Run(BenchContext context)
    {
        using var pool = new WorkerPool(context.Threads);
        context.Info($"{pool.Threads} threads, SIMD path {Simd.Best}; machine load {LoadAverage()}");
        int checks = SelfCheck.Run(pool, out var failures);
        if (failures.Count > 0)
            throw new BabyLmException($"kernels bench: {failures.Count} of {checks} kernel checks failed:\n  " + string.Join("\n  ", failures),
                "a kernel disagrees with its scalar reference; run the kernel tests (make test-kernels-narrow) to see which");
        context.Info($"all match ({checks} checks: every SIMD path of every kernel against its scalar reference)");

        int rounds = context.Quick ? 2 : 5;
        GemmVsOpenBlas(context, pool, rounds);
        AttentionFusedVsUnfused(context, pool, 3 * rounds); // ~30 ms a round: more rounds for a steadier median
        ElementwiseVsCopy(context, pool, rounds);
        OtherKernels(context, pool, rounds);
        context.Info($"machine load after: {LoadAverage()}");
    }

    // ---------------------------------------------------------------------------------------------------

    private static void GemmVsOpenBlas(BenchContext context, WorkerPool pool, int rounds)
    {
        string? why = OpenBlas.TryLoad(pool.Threads);
        if (why is not null) context.Info($"OpenBLAS baseline missing ({why}): GEMM is timed alone");
        else context.Info($"OpenBLAS core {OpenBlas.CoreName}, {pool.Threads} threads");
        (int M, int K, int N)[] shapes = context.Quick
            ? [(512, 256, 768), (512, 1024, 256)]
            : [(4096, 256, 768), (4096, 256, 8192), (4096, 1024, 256)];
        foreach (var (M, K, N) in shapes)
            foreach (var layout in new[] { GemmLayout.NT, GemmLayout.NN, GemmLayout.TN })
            {
                // NT: Y = X·Wᵀ (forward); NN: dX = dY·W; TN: dW += dYᵀ·X (accumulated, as in training).
                float beta = layout == GemmLayout.TN ? 1f : 0f;
                int lda = layout == GemmLayout.TN ? M : K, ldb = layout == GemmLayout.NT ? K : N;
                var a = Data((long)M * K, 1);
                var b = Data((long)K * N, 2);
                var c = new float[(long)M * N];
                var cBlas = new float[(long)M * N];
                var actions = new List<Action> { () => Gemm.Multiply(Simd.Best, layout, a, lda, b, ldb, c, N, M, N, K, beta, pool) };
                if (why is null)
                    actions.Add(() => { fixed (float* pa = a, pb = b, pc = cBlas) OpenBlas.Sgemm(layout, M, N, K, pa, lda, pb, ldb, beta, pc, N); });
                var t = BenchTimer.Interleaved(actions, rounds);
                double flop = 2.0 * M * N * K;
                string note = $"{M}×{K}×{N}";
                if (why is null)
                {
                    // Same inputs, same beta, same number of calls: the results must agree.
                    Array.Clear(c);
                    Array.Clear(cBlas);
                    actions[0]();
                    actions[1]();
                    note += $", rel. diff vs OpenBLAS {RelativeDifference(cBlas, c):E1}";
                }
                context.Report(new BenchResult
                {
                    Name = $"gemm.{layout}.{M}x{K}x{N}", Value = flop / t[0] / 1e9, Unit = "GFLOP/s",
                    Baseline = why is null ? "OpenBLAS sgemm" : null, BaselineValue = why is null ? flop / t[1] / 1e9 : null,
                    Target = why is null ? 0.8 : null, Note = note,
                });
            }
    }

    private static void AttentionFusedVsUnfused(BenchContext context, WorkerPool pool, int rounds)
    {
        string torchWhy = "skipped with --quick";
        string? torch = context.Quick ? null : TorchScript(out torchWhy);
        if (torch is null) context.Info($"PyTorch baseline missing ({torchWhy}): only the unfused comparison runs");
        foreach (var (B, T, target) in new[] { (32, 128, 2.0), (8, 512, 3.0) })
        {
            int NH = 4, HS = 64, C = NH * HS, b = context.Quick ? Math.Max(1, B / 8) : B;
            var s = AttentionShape.FusedQkv(b, T, NH, HS, causal: true);
            var qkv = Data((long)b * T * 3 * C, 3, 2f);
            var dout = Data((long)b * T * C, 4);
            var o = new float[b * T * C];
            var lse = new float[b * NH * T];
            var dqkv = new float[qkv.Length];
            var probs = new float[(long)b * NH * T * T];
            void Fused()
            {
                Attention.Forward(qkv, qkv.AsSpan(C), qkv.AsSpan(2 * C), o, lse, s, pool);
                Attention.Backward(dout, qkv, qkv.AsSpan(C), qkv.AsSpan(2 * C), o, lse, dqkv, dqkv.AsSpan(C), dqkv.AsSpan(2 * C), s, pool);
            }
            void Unfused()
            {
                UnfusedAttention.Forward(qkv, qkv.AsSpan(C), qkv.AsSpan(2 * C), o, probs, s, pool);
                UnfusedAttention.Backward(dout, qkv, qkv.AsSpan(C), qkv.AsSpan(2 * C), probs, dqkv, dqkv.AsSpan(C), dqkv.AsSpan(2 * C), s, pool);
            }
            var t = BenchTimer.Interleaved([Fused, Unfused], rounds);
            // Useful causal work: 7 matmuls (2 forward, 5 backward incl. the recomputed scores) of T²/2·HS MACs per head.
            double flop = 7.0 * 2 * b * NH * T * (T + 1) / 2 * HS;
            string shape = $"B={b} H={NH} T={T} D={HS} causal";
            context.Report(new BenchResult
            {
                Name = $"attention.fwd_bwd.T{T}", Value = t[0] * 1e3, Unit = "ms", HigherIsBetter = false,
                Baseline = "unfused (our GEMM + softmax)", BaselineValue = t[1] * 1e3, Target = context.Quick ? null : target,
                Note = $"{shape}, fused {flop / t[0] / 1e9:F0} GFLOP/s useful",
            });
            if (torch is null) continue;
            // PyTorch runs in its own process: alternate it with our timing so both see the same machine.
            var ours = new List<double>();
            var theirs = new List<double>();
            string torchVersion = "";
            for (int r = 0; r < 3; r++)
            {
                ours.Add(BenchTimer.Median(Fused, rounds));
                (double ms, torchVersion) = RunTorch(torch, b, NH, T, HS, pool.Threads);
                theirs.Add(ms);
            }
            context.Report(new BenchResult
            {
                Name = $"attention.fwd_bwd.T{T}.vs_torch", Value = BenchTimer.MedianOf([.. ours]) * 1e3, Unit = "ms", HigherIsBetter = false,
                Baseline = Torch.Label(torchVersion) + ", unfused attention", BaselineValue = BenchTimer.MedianOf([.. theirs]), Target = T == 128 ? 3.0 : null,
                Note = $"{shape}, torch {pool.Threads} threads",
            });
        }
    }

    private static void ElementwiseVsCopy(BenchContext context, WorkerPool pool, int rounds)
    {
        int C = 768, N = (context.Quick ? 1 << 20 : 1 << 24) / C, n = N * C;
        var x = Data(n, 5, 2f);
        var y = new float[n];
        var w = Data(C, 6);
        var bias = Data(C, 7);
        var mean = new float[N];
        var rstd = new float[N];
        var g = Data(n, 8);
        var m = new float[n];
        var v = new float[n];
        var mask = new byte[n];
        Array.Fill(mask, (byte)1);
        var actions = new Action[]
        {
            () => ParallelCopy(x, y, pool),
            () => VectorCopy(x, y, pool),
            () => LayerNorm.Forward(x, w, bias, y, mean, rstd, N, C, pool),
            () => Gelu.Forward(x, y, n, pool),
            () => AdamW.Step(y, g, m, v, mask, 1e-4f, 0.9f, 0.95f, 1e-8f, 0.1f, 1, pool),
        };
        var t = BenchTimer.Interleaved(actions, rounds);
        // The copy's bandwidth: the better of memcpy (which may use non-temporal stores) and a plain loop of
        // vector loads and stores on the kernels' own parallel loop.
        double memcpy = 8.0 * n / t[0] / 1e9, loop = 8.0 * n / t[1] / 1e9, copy = Math.Max(memcpy, loop);
        context.Info($"copy: {copy:F1} GB/s (memcpy {memcpy:F1}, vector loop {loop:F1}; {n * 4L >> 20} MiB per buffer)");
        t = t[1..];
        (string Name, double Bytes)[] kernels =
        [
            ("layernorm.forward", 8.0 * n + 16.0 * N),
            ("gelu.forward", 8.0 * n),
            ("adamw.step", 29.0 * n), // read p, g, m, v, mask; write p, m, v
        ];
        for (int i = 0; i < kernels.Length; i++)
            context.Report(new BenchResult
            {
                Name = $"elementwise.{kernels[i].Name}", Value = kernels[i].Bytes / t[i + 1] / 1e9, Unit = "GB/s",
                Baseline = "parallel copy", BaselineValue = copy, Target = 0.6, Note = $"{n:N0} floats",
            });
    }

    /// <summary>The remaining kernels, timed alone on training-sized inputs: GB/s of the bytes each must move.</summary>
    private static void OtherKernels(BenchContext context, WorkerPool pool, int rounds)
    {
        int B = context.Quick ? 4 : 32, T = 128, C = 768, NH = 12, HS = 64, H = 4 * C, V = context.Quick ? 1024 : 8192, N = B * T;
        float[] x = Data(N * C, 9, 2f), dout = Data(N * C, 10), w = Data(C, 11), bias = Data(C, 12);
        float[] y = new float[N * C], dx = new float[N * C], dw = new float[C], db = new float[C], mean = new float[N], rstd = new float[N];
        float[] up = Data(2L * N * H, 13, 3f), hid = new float[N * H], dup = new float[2L * N * H], dhid = Data(N * H, 14);
        float[] qkv = Data(3L * N * C, 15), cos = new float[T * HS / 2], sin = new float[T * HS / 2];
        Rope.Table(T, HS, 10000f, cos, sin);
        var tokens = Enumerable.Range(0, N).Select(i => i * 7919 % V).ToArray();
        float[] wte = Data((long)V * C, 16), wpe = Data(T * C, 17), dwte = new float[(long)V * C], dwpe = new float[T * C];
        float[] logits = Data((long)N * V, 18, 4f), losses = new float[N];
        LayerNorm.Forward(x, w, bias, y, mean, rstd, N, C, pool);
        RmsNorm.Forward(x, w, y, rstd, N, C, pool);
        (string Name, double Bytes, Action Run)[] kernels =
        [
            ("layernorm.backward", 4.0 * 4 * N * C, () => LayerNorm.Backward(dout, x, w, mean, rstd, dx, dw, db, N, C, pool)),
            ("rmsnorm.forward", 2.0 * 4 * N * C, () => RmsNorm.Forward(x, w, y, rstd, N, C, pool)),
            ("rmsnorm.backward", 4.0 * 4 * N * C, () => RmsNorm.Backward(dout, x, w, rstd, dx, dw, N, C, pool)),
            ("gelu.backward", 3.0 * 4 * N * C, () => Gelu.Backward(dout, x, dx, N * C, pool)),
            ("swiglu.forward", 3.0 * 4 * N * H, () => SwiGlu.Forward(up, hid, N, H, pool)),
            ("swiglu.backward", 5.0 * 4 * N * H, () => SwiGlu.Backward(dhid, up, dup, N, H, pool)),
            ("rope.forward_qk", 4.0 * 4 * N * 2 * C, () => Rope.Forward(cos, sin, qkv, B, T, 2 * NH, HS, 3 * C, pool)),
            ("embedding.forward", 2.0 * 4 * N * C, () => Embedding.Forward(tokens, wte, wpe, y, B, T, C, pool)),
            ("embedding.backward", 5.0 * 4 * N * C, () => Embedding.Backward(dout, tokens, dwte, dwpe, B, T, C, pool)),
            ("softmax_cross_entropy.forward_backward", 2.0 * 4 * N * V, () => SoftmaxCrossEntropy.Forward(logits, tokens, losses, N, V, -100, 1f / N, pool)),
            ("gradclip.global_norm", 4.0 * N * C, () => GradClip.GlobalNorm(x, pool)),
            ("residual.add", 3.0 * 4 * N * C, () => Residual.Add(y, x, pool)),
        ];
        var t = BenchTimer.Interleaved(kernels.Select(k => k.Run).ToArray(), rounds);
        for (int i = 0; i < kernels.Length; i++)
            context.Report(new BenchResult
            {
                Name = $"kernel.{kernels[i].Name}", Value = kernels[i].Bytes / t[i] / 1e9, Unit = "GB/s",
                Note = $"{t[i] * 1e3:F2} ms, B={B} T={T} C={C}" + (kernels[i].Name.StartsWith("softmax", StringComparison.Ordinal) ? $" V={V}" : ""),
            });
    }

    // ---------------------------------------------------------------------------------------------------

    private static float[] Data(long n, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (long i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    private static double RelativeDifference(float[] reference, float[] x)
    {
        double num = 0, den = 0;
        for (long i = 0; i < x.Length; i++)
        {
            double d = x[i] - reference[i];
            num += d * d;
            den += (double)reference[i] * reference[i];
        }
        return Math.Sqrt(num / Math.Max(den, 1e-300));
    }

    private static void ParallelCopy(float[] src, float[] dst, WorkerPool pool)
    {
        fixed (float* s = src, d = dst)
        {
            nint ps = (nint)s, pd = (nint)d;
            long n = src.Length;
            pool.Run(part =>
            {
                var (i0, i1) = WorkerPool.Range(n, part, pool.Threads, 16);
                Buffer.MemoryCopy((float*)ps + i0, (float*)pd + i0, (i1 - i0) * 4, (i1 - i0) * 4);
            });
        }
    }

    private static void VectorCopy(float[] src, float[] dst, WorkerPool pool) => Copy.Run(src, dst, pool);

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + " (1/5/15-min)"; }
        catch (IOException) { return "unknown"; }
    }

    /// <summary>attention_torch.py beside the binary (or in the source tree), when /usr/bin/python3 imports torch.</summary>
    private static string? TorchScript(out string why)
    {
        why = "";
        string? script = new[] { Path.Combine(AppContext.BaseDirectory, "Bench", "attention_torch.py"), Path.Combine("experiments", "Bench", "attention_torch.py") }
            .FirstOrDefault(File.Exists);
        if (script is null) { why = "attention_torch.py not found beside the binary or under experiments/Bench"; return null; }
        if (!File.Exists("/usr/bin/python3")) { why = "no /usr/bin/python3"; return null; }
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", "import torch"]) { RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) { why = "python3 cannot import torch (apt-get install python3-torch)"; return null; }
        return script;
    }

    /// <summary>PyTorch's fwd+bwd median in ms for [B, H, T, D] causal attention.</summary>
    private static (double Ms, string Version) RunTorch(string script, int B, int H, int T, int D, int threads)
    {
        string th = threads.ToString(CultureInfo.InvariantCulture);
        var args = new[] { script }.Concat(new[] { B, H, T, D, threads, 7 }.Select(a => a.ToString(CultureInfo.InvariantCulture)));
        var psi = new ProcessStartInfo("/usr/bin/python3", args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["OMP_NUM_THREADS"] = th;
        psi.Environment["OPENBLAS_NUM_THREADS"] = th;
        psi.Environment["MKL_NUM_THREADS"] = th;
        psi.Environment["OPENBLAS_CORETYPE"] = "SkylakeX";
        using var p = Process.Start(psi)!;
        var errors = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new BabyLmException($"attention_torch.py failed: {errors.Result.Trim()}");
        Thread.Sleep(300); // let its OpenMP/OpenBLAS threads park before we time again
        using var doc = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return (doc.RootElement.GetProperty("fwd_bwd_ms").GetDouble(), doc.RootElement.GetProperty("torch").GetString() ?? "?");
    }

    /// <summary>Debian's OpenBLAS (pthread build) through function pointers, loaded with the SkylakeX core forced.</summary>
    private static class OpenBlas
    {
        private const string LibraryPath = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0";
        private const int RowMajor = 101, NoTrans = 111, Trans = 112;
        private static delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
        private static delegate* unmanaged<int, void> s_setThreads;
        private static delegate* unmanaged<byte*> s_coreName;

        public static string CoreName => s_coreName == null ? "?" : Marshal.PtrToStringUTF8((nint)s_coreName()) ?? "?";

        /// <summary>Loads the library once and sets its thread count; null on success, else why not.</summary>
        public static string? TryLoad(int threads)
        {
            if (s_sgemm == null)
            {
                if (!OperatingSystem.IsLinux() || !File.Exists(LibraryPath)) return $"{LibraryPath} not found (apt-get install libopenblas0-pthread)";
                // Before the library's constructor reads them: its SkylakeX kernels, and idle threads that sleep
                // at once instead of spinning ~0.1 s into our next measurement.
                SetNativeEnvironment("OPENBLAS_CORETYPE", "SkylakeX");
                SetNativeEnvironment("OPENBLAS_THREAD_TIMEOUT", "4");
                if (!NativeLibrary.TryLoad(LibraryPath, out var lib)) return $"{LibraryPath} did not load";
                s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)NativeLibrary.GetExport(lib, "cblas_sgemm");
                s_setThreads = (delegate* unmanaged<int, void>)NativeLibrary.GetExport(lib, "openblas_set_num_threads");
                s_coreName = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(lib, "openblas_get_corename");
            }
            s_setThreads(threads);
            return null;
        }

        /// <summary>C (row-major, ldc) = beta·C + op(A)·op(B) in our layout terms.</summary>
        public static void Sgemm(GemmLayout layout, int M, int N, int K, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
        {
            int ta = layout == GemmLayout.TN ? Trans : NoTrans, tb = layout == GemmLayout.NT ? Trans : NoTrans;
            s_sgemm(RowMajor, ta, tb, M, N, K, 1f, a, lda, b, ldb, beta, c, ldc);
        }

        /// <summary>setenv(3): Environment.SetEnvironmentVariable does not reach native code on Unix.</summary>
        private static void SetNativeEnvironment(string name, string value)
        {
            if (Environment.GetEnvironmentVariable(name) is not null) return; // the caller's choice wins
            if (!NativeLibrary.TryLoad("libc.so.6", out var libc)) return;
            var setenv = (delegate* unmanaged<byte*, byte*, int, int>)NativeLibrary.GetExport(libc, "setenv");
            fixed (byte* n = System.Text.Encoding.UTF8.GetBytes(name + "\0"), v = System.Text.Encoding.UTF8.GetBytes(value + "\0"))
                setenv(n, v, 0);
        }
    }
}
