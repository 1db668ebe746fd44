// The pointers and geometry an attention job works on (fused and unfused alike), with the per-head
// helpers both use.
namespace BabyLm.Engine.Kernels;

internal unsafe struct AttentionArgs
{
    public float* Q, K, V, O, Lse, Probs, DO, DQ, DK, DV;
    public int B, T, NH, HS, QStride, KStride, VStride, OStride;
    public bool Causal;
    public int* Valid;

    public AttentionArgs(in AttentionShape s, int* valid)
    {
        B = s.B; T = s.T; NH = s.NH; HS = s.HS;
        QStride = s.QStride; KStride = s.KStride; VStride = s.VStride; OStride = s.OStride;
        Causal = s.Causal;
        Valid = valid;
    }

    /// <summary>Valid length of sequence b.</summary>
    public readonly int Length(int b) => Valid == null ? T : Valid[b];

    /// <summary>Where head h of sequence b starts in a [B, T, NH, HS] tensor of the given row stride.</summary>
    public readonly float* Head(float* tensor, int stride, int b, int h) => tensor + (nint)b * T * stride + h * HS;

    /// <summary>Zeroes the head's columns of rows L..T-1 (positions past the valid length).</summary>
    public readonly void ClearRowsPast(int L, float* head, int stride)
    {
        for (int t = L; t < T; t++) VecMath.Clear(head + (nint)t * stride, HS);
    }

    public readonly void ClearGradientRowsPast(int L, float* dQ, float* dK, float* dV)
    {
        ClearRowsPast(L, dQ, QStride);
        ClearRowsPast(L, dK, KStride);
        ClearRowsPast(L, dV, VStride);
    }

    /// <summary>
    /// Whether unit (b, h) belongs to this part: units in order, each weighted by its cost (L² + 1), cut into
    /// parts of equal weight. Every part computes the same assignment.
    /// </summary>
    public readonly bool Owns(int unit, int part, int parts, ref long before, long total)
    {
        long l = Length(unit / NH), w = l * l + 1;
        int owner = (int)Math.Min(parts - 1, (2 * before + w) * parts / (2 * total));
        before += w;
        return owner == part;
    }

    public readonly long TotalWeight()
    {
        long total = 0;
        for (int b = 0; b < B; b++) { long l = Length(b); total += NH * (l * l + 1); }
        return total;
    }
}
