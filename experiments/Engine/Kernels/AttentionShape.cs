namespace BabyLm.Engine.Kernels;

/// <summary>
/// The geometry of one attention call. q, k, v, out (and dq, dk, dv, dout in the backward) are laid out
/// [B, T, NH, HS]: time step t of sequence b starts at (b·T + t)·Stride, head h at h·HS within that row,
/// so q/k/v can be views into a fused QKV buffer [B, T, 3C] (stride 3C, k starting at C, v at 2C) and out
/// a dense [B, T, C] buffer (stride C). lse is dense [B, NH, T].
/// </summary>
public readonly record struct AttentionShape
{
    /// <summary>The largest head size the kernels take.</summary>
    public const int MaxHeadSize = 128;

    public int B { get; init; }
    public int T { get; init; }
    public int NH { get; init; }
    /// <summary>Head size, 1..128. The softmax scale is 1/√HS.</summary>
    public int HS { get; init; }
    /// <summary>Floats between consecutive time steps of q (and dq).</summary>
    public int QStride { get; init; }
    /// <summary>Floats between consecutive time steps of k (and dk).</summary>
    public int KStride { get; init; }
    /// <summary>Floats between consecutive time steps of v (and dv).</summary>
    public int VStride { get; init; }
    /// <summary>Floats between consecutive time steps of out (and dout).</summary>
    public int OStride { get; init; }
    /// <summary>Query t sees keys 0..t (else all valid keys).</summary>
    public bool Causal { get; init; }
    /// <summary>
    /// Per sequence, how many leading positions are real (null: all T). Keys at positions ≥ the valid
    /// length are masked out; queries there get output 0, lse 0 and zero gradients.
    /// </summary>
    public int[]? ValidLengths { get; init; }

    /// <summary>Separate dense [B, T, NH, HS] tensors (every stride NH·HS).</summary>
    public static AttentionShape Dense(int B, int T, int NH, int HS, bool causal, int[]? validLengths = null) => new()
    {
        B = B, T = T, NH = NH, HS = HS, Causal = causal, ValidLengths = validLengths,
        QStride = NH * HS, KStride = NH * HS, VStride = NH * HS, OStride = NH * HS,
    };

    /// <summary>q, k, v inside one fused [B, T, 3C] buffer (C = NH·HS), out dense [B, T, C].</summary>
    public static AttentionShape FusedQkv(int B, int T, int NH, int HS, bool causal, int[]? validLengths = null) => new()
    {
        B = B, T = T, NH = NH, HS = HS, Causal = causal, ValidLengths = validLengths,
        QStride = 3 * NH * HS, KStride = 3 * NH * HS, VStride = 3 * NH * HS, OStride = NH * HS,
    };

    /// <summary>Valid length of sequence b.</summary>
    public int Length(int b) => ValidLengths is null ? T : ValidLengths[b];

    /// <summary>
    /// Throws (naming <paramref name="kernel"/>, the field, what was expected and what came) unless the
    /// dimensions are ≥ 0, HS is in 1..MaxHeadSize, every stride holds a row of NH·HS floats and the valid
    /// lengths (if any) are B values in 0..T.
    /// </summary>
    public void Validate(string kernel)
    {
        Require.Positive(kernel, "B", B);
        Require.Positive(kernel, "T", T);
        Require.Positive(kernel, "NH", NH);
        if (HS < 1 || HS > MaxHeadSize)
            throw new ArgumentOutOfRangeException(nameof(HS), HS, $"{kernel}: HS must be in 1..{MaxHeadSize}, got {HS}.");
        int row = NH * HS;
        Require.AtLeast(kernel, "QStride", QStride, row);
        Require.AtLeast(kernel, "KStride", KStride, row);
        Require.AtLeast(kernel, "VStride", VStride, row);
        Require.AtLeast(kernel, "OStride", OStride, row);
        if (ValidLengths is { } lengths)
        {
            if (lengths.Length != B)
                throw new ArgumentException($"{kernel}: ValidLengths has {lengths.Length} entries, expected B = {B}.", nameof(ValidLengths));
            for (int b = 0; b < B; b++)
                if (lengths[b] < 0 || lengths[b] > T)
                    throw new ArgumentOutOfRangeException(nameof(ValidLengths), lengths[b], $"{kernel}: ValidLengths[{b}] = {lengths[b]} is outside 0..T = {T}.");
        }
    }
}
