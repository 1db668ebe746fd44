// One attention call, forward and backward, run twice on the same random data — by CudaAttention on
// device buffers and by the CPU kernel (Kernels.Attention) — and compared tensor by tensor. The device
// outputs start as sentinels, and every float outside the views must still hold one afterwards (nothing
// written where it must not be). The bench checks with it before it times; the tests, through the fake
// driver in CI and the real one in `make gpu-check`.
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Cuda;

public static class CudaAttentionCheck
{
    /// <summary>
    /// Two fp32 kernels that sum in different orders, against each other: both sit within 2e-6 of a
    /// float64 reference on such inputs (experiments/Engine/Cuda/harness), so 1e-5 has room and still catches a
    /// wrong mask, scale, stride or argument order (errors of 1e-3 and up).
    /// </summary>
    public const double Tolerance = 1e-5;

    private const float Sentinel = 12345f;

    /// <summary>
    /// Compares one call of <paramref name="shape"/>. With <paramref name="fusedQkv"/>, q, k, v are the
    /// views at 0, C and 2C of one buffer of row stride QStride (= KStride = VStride), and so are dq, dk, dv;
    /// otherwise each lives in its own buffer. out and dout have row stride OStride.
    /// </summary>
    public static AttentionComparison Compare(CudaAttention gpu, in AttentionShape shape, bool fusedQkv, int seed, WorkerPool pool)
    {
        var s = shape;
        int c = s.NH * s.HS, rows = s.B * s.T, lseLength = s.B * s.NH * s.T;
        if (fusedQkv && (s.KStride != s.QStride || s.VStride != s.QStride || s.QStride < 3 * c))
            throw new ArgumentException("a fused QKV layout needs QStride = KStride = VStride ≥ 3·NH·HS", nameof(shape));
        int kOffset = fusedQkv ? c : 0, vOffset = fusedQkv ? 2 * c : 0;
        var rng = new Random(seed);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * 1.7f).ToArray();

        // Host data: q (or all of qkv), k, v, dout; the gaps between views hold random floats too.
        float[] q = Random(rows * s.QStride), k = fusedQkv ? q : Random(rows * s.KStride), v = fusedQkv ? q : Random(rows * s.VStride);
        float[] dout = Random(rows * s.OStride);

        // The CPU kernel.
        float[] cpuOut = new float[rows * s.OStride], cpuLse = new float[lseLength];
        float[] cpuDq = new float[q.Length], cpuDk = fusedQkv ? cpuDq : new float[k.Length], cpuDv = fusedQkv ? cpuDq : new float[v.Length];
        Attention.Forward(q, k.AsSpan(kOffset), v.AsSpan(vOffset), cpuOut, cpuLse, s, pool);
        Attention.Backward(dout, q, k.AsSpan(kOffset), v.AsSpan(vOffset), cpuOut, cpuLse, cpuDq, cpuDk.AsSpan(kOffset), cpuDv.AsSpan(vOffset), s, pool);

        // The GPU, same inputs; every output buffer starts as sentinels.
        var owned = new List<DeviceBuffer>();
        DeviceBuffer Upload(float[] data)
        {
            var buffer = gpu.Allocate(data.Length);
            owned.Add(buffer);
            buffer.CopyFrom(data);
            return buffer;
        }
        float[] Sentinels(int n) => Enumerable.Repeat(Sentinel, n).ToArray();
        float[] Download(DeviceBuffer b)
        {
            var host = new float[b.Length];
            b.CopyTo(host);
            return host;
        }
        try
        {
            var gQ = Upload(q);
            var gK = fusedQkv ? gQ : Upload(k);
            var gV = fusedQkv ? gQ : Upload(v);
            var gDout = Upload(dout);
            var gOut = Upload(Sentinels(cpuOut.Length));
            var gLse = Upload(Sentinels(lseLength));
            var gDq = Upload(Sentinels(q.Length));
            var gDk = fusedQkv ? gDq : Upload(Sentinels(k.Length));
            var gDv = fusedQkv ? gDq : Upload(Sentinels(v.Length));
            DeviceSpan qs = gQ, ks = gK.Span.Slice(kOffset), vs = gV.Span.Slice(vOffset);
            gpu.Forward(qs, ks, vs, gOut, gLse, s);
            gpu.Backward(gDout, qs, ks, vs, gOut, gLse, gDq, gDk.Span.Slice(kOffset), gDv.Span.Slice(vOffset), s);
            gpu.Synchronize();

            float[] hOut = Download(gOut), hLse = Download(gLse), hDq = Download(gDq);
            float[] hDk = fusedQkv ? hDq : Download(gDk), hDv = fusedQkv ? hDq : Download(gDv);
            bool intact = Untouched(hOut, s.OStride, c, [0]) && (fusedQkv
                ? Untouched(hDq, s.QStride, c, [0, kOffset, vOffset])
                : Untouched(hDq, s.QStride, c, [0]) && Untouched(hDk, s.KStride, c, [0]) && Untouched(hDv, s.VStride, c, [0]));
            return new AttentionComparison(
                RelL2(hOut, cpuOut, s.OStride, 0, c, rows),
                RelL2(hLse, cpuLse, lseLength, 0, lseLength, 1),
                RelL2(hDq, cpuDq, s.QStride, 0, c, rows),
                RelL2(hDk, cpuDk, s.KStride, kOffset, c, rows),
                RelL2(hDv, cpuDv, s.VStride, vOffset, c, rows),
                intact);
        }
        finally
        {
            foreach (var buffer in owned) buffer.Dispose();
        }
    }

    // Relative L2 over `rows` views of `width` floats at `offset` in rows of `stride`. Where the exact
    // answer is 0 (dq and dk when every row sees a single key, as at T = 1: dS = dP − Δ cancels), a
    // relative error means nothing: the root-mean-square error instead.
    private static double RelL2(float[] got, float[] want, int stride, int offset, int width, int rows)
    {
        double num = 0, den = 0;
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < width; i++)
            {
                double g = got[r * stride + offset + i], w = want[r * stride + offset + i];
                if (!double.IsFinite(g)) return double.PositiveInfinity;
                num += (g - w) * (g - w);
                den += w * w;
            }
        double count = (double)rows * width;
        return den > 1e-12 * count ? Math.Sqrt(num / den) : Math.Sqrt(num / count);
    }

    private static bool Untouched(float[] data, int stride, int width, int[] viewOffsets)
    {
        for (int i = 0; i < data.Length; i++)
        {
            int column = i % stride;
            if (!viewOffsets.Any(o => column >= o && column < o + width) && data[i] != Sentinel) return false;
        }
        return true;
    }
}
