using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Tests.Cuda;

/// <summary>
/// One attention call to hold the GPU to the CPU kernel on: q, k, v fused in one [B, T, 3C + Gap]
/// buffer (else three [B, T, C + Gap] buffers), out and dout [B, T, C + Gap].
/// </summary>
public sealed record AttentionCase(int B, int T, int NH, int HS, bool Causal, int[]? Valid = null, bool Fused = true, int Gap = 0)
{
    public int C => NH * HS;
    public int InStride => (Fused ? 3 * C : C) + Gap;
    public int OutStride => C + Gap;

    public AttentionShape Shape => new()
    {
        B = B, T = T, NH = NH, HS = HS, Causal = Causal, ValidLengths = Valid,
        QStride = InStride, KStride = InStride, VStride = InStride, OStride = OutStride,
    };

    public override string ToString() =>
        $"B={B} T={T} NH={NH} HS={HS} {(Causal ? "causal" : "full")} valid=[{string.Join(",", Valid ?? [])}] {(Fused ? "fused" : "split")} gap={Gap}";
}
