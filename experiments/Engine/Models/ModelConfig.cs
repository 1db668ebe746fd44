// The shape of a network: the `model:` section of a run config, bound from YAML by the experiments layer
// (this record knows no YAML). Every key has a documented default; Validate names the key path of each
// problem.
using BabyLm.Config;

namespace BabyLm.Engine.Models;

public sealed record ModelConfig : IConfigSection
{
    /// <summary>gpt (pre-LN, learned positions, GELU MLP, tied embeddings), llama (RMSNorm, RoPE, SwiGLU), or bert
    /// (RoBERTa-style post-LN encoder with the masked-LM head, as BabyBERTa; use with objective mlm).</summary>
    public string Arch { get; init; } = "gpt";
    public int Layers { get; init; } = 4;
    public int Heads { get; init; } = 4;
    /// <summary>Model width (channels); must be divisible by heads; head size ≤ 128.</summary>
    public int Width { get; init; } = 256;
    /// <summary>Context length in tokens (the position table size for gpt).</summary>
    public int Context { get; init; } = 128;
    /// <summary>Hidden size of the MLP; 0 = 4·width (gpt) or the multiple of 32 nearest 8/3·width (llama).</summary>
    public int Hidden { get; init; } = 0;
    /// <summary>Share the input embedding with the output layer (always true for gpt).</summary>
    public bool TieEmbeddings { get; init; } = true;
    /// <summary>RoPE base (llama).</summary>
    public double RopeTheta { get; init; } = 10000;
    /// <summary>Standard deviation of the normal initialisation (residual projections are scaled by 1/√(2·layers)).</summary>
    public double InitStd { get; init; } = 0.02;

    public static readonly IReadOnlyList<string> Archs = ["gpt", "llama", "bert"];

    public int HeadSize => Heads > 0 ? Width / Heads : 0;
    public int HiddenSize => Hidden > 0 ? Hidden : Arch == "llama" ? Math.Max(32, (int)Math.Round(8.0 / 3 * Width / 32) * 32) : 4 * Width;

    public void Validate(ConfigProblems p, string path)
    {
        p.OneOf($"{path}.arch", Arch, Archs);
        p.Range($"{path}.layers", Layers, 1, 256);
        p.Range($"{path}.heads", Heads, 1, 256);
        p.Range($"{path}.width", Width, 1, 1 << 16);
        p.Range($"{path}.context", Context, 1, 1 << 16);
        p.Range($"{path}.hidden", Hidden, 0, 1 << 18);
        p.Range($"{path}.init_std", InitStd, 0, 10);
        if (Heads > 0 && Width % Heads != 0) p.Add($"{path}.width", $"width {Width} is not divisible by heads {Heads}");
        else if (HeadSize > 128) p.Add($"{path}.heads", $"head size {HeadSize} (width/heads) is above 128; use more heads");
        if (Arch == "llama" && HeadSize % 2 != 0) p.Add($"{path}.width", $"RoPE needs an even head size, got {HeadSize}");
        if (Arch is "gpt" or "bert" && !TieEmbeddings) p.Add($"{path}.tie_embeddings", $"{Arch} always ties its embeddings; set true or use arch: llama");
    }
}
