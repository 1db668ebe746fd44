// The optimizer step, the one place it is written: the global gradient norm (in double, the same bits for
// any thread count), clipping to a maximum norm, and AdamW with decoupled weight decay under the layout's
// decay mask, over the model's flat parameter and gradient buffers and two moment buffers of the same
// layout, all in the model's backend. The trainer, the train benchmark and the tests step through it.
using BabyLm.Engine.Models;

namespace BabyLm.Engine;

/// <summary>AdamW's constants and the clip. Clip ≤ 0 turns clipping off.</summary>
public sealed record AdamWSettings
{
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.95f;
    public float Eps { get; init; } = 1e-8f;
    public float WeightDecay { get; init; } = 0.1f;
    public double Clip { get; init; } = 1.0;
}

public sealed class AdamWOptimizer : IDisposable
{
    private readonly ILanguageModel _model;
    private readonly Buffer<byte> _decay;

    public AdamWOptimizer(ILanguageModel model, AdamWSettings settings)
    {
        _model = model;
        Settings = settings;
        var backend = model.Backend;
        M = backend.Allocate<float>(model.Layout.Total);
        V = backend.Allocate<float>(model.Layout.Total);
        _decay = backend.Allocate<byte>(model.Layout.Total);
        backend.Upload<byte>(model.Layout.DecayMask(), _decay.All);
    }

    public AdamWSettings Settings { get; }

    /// <summary>The first and second moments, laid out as the parameters (zero at the start).</summary>
    public Buffer<float> M { get; }
    public Buffer<float> V { get; }

    /// <summary>
    /// Step <paramref name="t"/> ≥ 1 at learning rate <paramref name="lr"/>: the global norm of the gradients,
    /// the clip, then the AdamW update of parameters, m and v. Returns the norm before clipping; when it is
    /// not finite (NaN or ∞) nothing is updated, and the caller decides what to do.
    /// </summary>
    public double Step(int t, float lr)
    {
        var backend = _model.Backend;
        double norm = backend.ClipByGlobalNorm(_model.Gradients.All, Settings.Clip);
        if (!double.IsFinite(norm)) return norm;
        backend.AdamW(_model.Parameters.All, _model.Gradients.All, M.All, V.All, _decay.All,
            lr, Settings.Beta1, Settings.Beta2, Settings.Eps, Settings.WeightDecay, t);
        return norm;
    }

    /// <summary>Host copies of both moments (checkpoints).</summary>
    public (float[] M, float[] V) ReadMoments()
    {
        var m = new float[M.Length];
        var v = new float[V.Length];
        _model.Backend.Download(M.All, m.AsSpan());
        _model.Backend.Download(V.All, v.AsSpan());
        return (m, v);
    }

    /// <summary>Restores both moments (resume from a checkpoint).</summary>
    public void WriteMoments(ReadOnlySpan<float> m, ReadOnlySpan<float> v)
    {
        if (m.Length != M.Length || v.Length != V.Length)
            throw new ArgumentException($"moments of {m.Length} and {v.Length} floats for a model of {M.Length} parameters");
        _model.Backend.Upload(m, M.All);
        _model.Backend.Upload(v, V.All);
    }

    public void Dispose()
    {
        M.Dispose();
        V.Dispose();
        _decay.Dispose();
    }
}
