// GPT-2 (pre-LayerNorm, learned positions, GELU MLP, tied embeddings), forward and backward written out
// as kernel calls, llm.c-style. With causal attention it is a causal LM; with bidirectional attention
// and masked targets it is the masked-LM variant. Shapes: B batch, T time, C width, NH heads, HS = C/NH,
// V vocab, N = B·T rows, H = hidden (4C).
//
//   x = wte[tokens] + wpe[positions]
//   for each layer:  a = LN1(x);  qkv = a·Wqkvᵀ + b;  y = Attention(q, k, v);  x = x + y·Wprojᵀ + b
//                    m = LN2(x);  h = GELU(m·Wfcᵀ + b);                       x = x + h·Wfc2ᵀ + b
//   logits = LNf(x)·wteᵀ;  loss = CE(logits, targets)
using BabyLm.Core;
using BabyLm.Engine;
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Models;

public sealed class Gpt : TransformerModel
{
    private readonly ParameterTensor _wte, _wpe, _lnfW, _lnfB;
    private readonly Block[] _blocks;
    private Activations? _act;

    private sealed record Block(ParameterTensor Ln1W, ParameterTensor Ln1B, ParameterTensor QkvW, ParameterTensor QkvB,
        ParameterTensor ProjW, ParameterTensor ProjB, ParameterTensor Ln2W, ParameterTensor Ln2B,
        ParameterTensor FcW, ParameterTensor FcB, ParameterTensor Fc2W, ParameterTensor Fc2B);

    public Gpt(ModelConfig config, int vocab, WorkerPool pool)
        : base(config, vocab, pool)
    {
        var p = new ParameterLayout();
        _wte = p.Add("wte", true, V, C);
        _wpe = p.Add("wpe", false, MaxT, C);
        _blocks = new Block[L];
        for (int l = 0; l < L; l++)
        {
            string n = $"h.{l}.";
            _blocks[l] = new Block(
                p.Add(n + "ln_1.weight", false, C), p.Add(n + "ln_1.bias", false, C),
                p.Add(n + "attn.qkv.weight", true, 3 * C, C), p.Add(n + "attn.qkv.bias", false, 3 * C),
                p.Add(n + "attn.proj.weight", true, C, C), p.Add(n + "attn.proj.bias", false, C),
                p.Add(n + "ln_2.weight", false, C), p.Add(n + "ln_2.bias", false, C),
                p.Add(n + "mlp.fc.weight", true, H, C), p.Add(n + "mlp.fc.bias", false, H),
                p.Add(n + "mlp.proj.weight", true, C, H), p.Add(n + "mlp.proj.bias", false, C));
        }
        _lnfW = p.Add("ln_f.weight", false, C);
        _lnfB = p.Add("ln_f.bias", false, C);
        Allocate(p);
    }

    public override void Initialize(long seed)
    {
        var rng = Rng.Stream(seed, "init");
        Array.Clear(Parameters);
        float std = (float)Config.InitStd;
        float residualStd = std / MathF.Sqrt(2 * L);
        foreach (var t in Layout.Tensors)
        {
            var w = P(t);
            if (t.Name.EndsWith(".bias", StringComparison.Ordinal)) continue;
            if (t.Name.Contains("ln_", StringComparison.Ordinal)) { w.Fill(1f); continue; }
            float s = t.Name.EndsWith("proj.weight", StringComparison.Ordinal) ? residualStd : std;
            for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextGaussian() * s);
        }
    }

    /// <summary>Activation buffers for one batch shape (reallocated when B or T changes).</summary>
    private sealed class Activations(int b, int t, int L, int C, int H, int NH)
    {
        public readonly int B = b, T = t, N = b * t;
        public readonly float[] Encoded = new float[b * t * C];
        public readonly float[][] Ln1 = Alloc(L, b * t * C), Ln1Mean = Alloc(L, b * t), Ln1Rstd = Alloc(L, b * t);
        public readonly float[][] Qkv = Alloc(L, b * t * 3 * C), Atty = Alloc(L, b * t * C), Lse = Alloc(L, b * NH * t);
        public readonly float[][] Res2 = Alloc(L, b * t * C), Res3 = Alloc(L, b * t * C);
        public readonly float[][] Ln2 = Alloc(L, b * t * C), Ln2Mean = Alloc(L, b * t), Ln2Rstd = Alloc(L, b * t);
        public readonly float[][] Fch = Alloc(L, b * t * H), FchGelu = Alloc(L, b * t * H);
        public readonly float[] Lnf = new float[b * t * C], LnfMean = new float[b * t], LnfRstd = new float[b * t];
        // Gradient scratch, shared by the layers.
        public readonly float[] DRes = new float[b * t * C], DLn = new float[b * t * C], DAtty = new float[b * t * C];
        public readonly float[] DQkv = new float[b * t * 3 * C], DFch = new float[b * t * H], DFchGelu = new float[b * t * H];
    }

    private Activations Acts(Batch batch)
    {
        CheckLength(batch);
        if (_act is null || _act.B != batch.B || _act.T != batch.T) _act = new Activations(batch.B, batch.T, L, C, H, NH);
        return _act;
    }

    /// <summary>Runs the network up to the final LayerNorm (in a.Lnf).</summary>
    private Activations ForwardHidden(Batch batch, bool causal)
    {
        var a = Acts(batch);
        int N = a.N;
        var shape = Shape(batch, causal);
        Embedding.Forward(batch.Inputs, P(_wte), P(_wpe), a.Encoded, a.B, a.T, C, Pool);
        ReadOnlySpan<float> x = a.Encoded;
        for (int l = 0; l < L; l++)
        {
            var w = _blocks[l];
            LayerNorm.Forward(x, P(w.Ln1W), P(w.Ln1B), a.Ln1[l], a.Ln1Mean[l], a.Ln1Rstd[l], N, C, Pool);
            MatMul.Forward(a.Ln1[l], P(w.QkvW), P(w.QkvB), a.Qkv[l], N, C, 3 * C, Pool);
            var qkv = a.Qkv[l].AsSpan();
            Attention.Forward(qkv, qkv[C..], qkv[(2 * C)..], a.Atty[l], a.Lse[l], shape, Pool);
            MatMul.Forward(a.Atty[l], P(w.ProjW), P(w.ProjB), a.Res2[l], N, C, C, Pool);
            Add(a.Res2[l], x);                                                     // x + attention
            LayerNorm.Forward(a.Res2[l], P(w.Ln2W), P(w.Ln2B), a.Ln2[l], a.Ln2Mean[l], a.Ln2Rstd[l], N, C, Pool);
            MatMul.Forward(a.Ln2[l], P(w.FcW), P(w.FcB), a.Fch[l], N, C, H, Pool);
            Gelu.Forward(a.Fch[l], a.FchGelu[l], N * H, Pool);
            MatMul.Forward(a.FchGelu[l], P(w.Fc2W), P(w.Fc2B), a.Res3[l], N, H, C, Pool);
            Add(a.Res3[l], a.Res2[l]);                                             // x + MLP
            x = a.Res3[l];
        }
        LayerNorm.Forward(x, P(_lnfW), P(_lnfB), a.Lnf, a.LnfMean, a.LnfRstd, N, C, Pool);
        return a;
    }

    public override void Backward()
    {
        var a = _act ?? throw new InvalidOperationException("Backward before Forward");
        var batch = LastBatch!;
        int N = a.N;
        var shape = Shape(batch, LastCausal);
        var dres = a.DRes.AsSpan();
        dres.Clear();
        var lastX = L > 0 ? a.Res3[L - 1] : a.Encoded;
        // logits = LNf(x)·wteᵀ  (DLogits: d loss / d logits, written by the fused cross-entropy)
        a.DLn.AsSpan().Clear();
        MatMul.Backward(DLogits, a.Lnf, P(_wte), a.DLn, G(_wte), [], N, C, V, Pool);
        LayerNorm.Backward(a.DLn, lastX, P(_lnfW), a.LnfMean, a.LnfRstd, dres, G(_lnfW), G(_lnfB), N, C, Pool);
        for (int l = L - 1; l >= 0; l--)
        {
            var w = _blocks[l];
            var xIn = l == 0 ? a.Encoded : a.Res3[l - 1];
            // x3 = x2 + GELU(m·Wfcᵀ + b)·Wfc2ᵀ + b
            a.DFchGelu.AsSpan().Clear();
            MatMul.Backward(dres, a.FchGelu[l], P(w.Fc2W), a.DFchGelu, G(w.Fc2W), G(w.Fc2B), N, H, C, Pool);
            Gelu.Backward(a.DFchGelu, a.Fch[l], a.DFch, N * H, Pool);
            a.DLn.AsSpan().Clear();
            MatMul.Backward(a.DFch, a.Ln2[l], P(w.FcW), a.DLn, G(w.FcW), G(w.FcB), N, C, H, Pool);
            // m = LN2(x2)
            LayerNorm.Backward(a.DLn, a.Res2[l], P(w.Ln2W), a.Ln2Mean[l], a.Ln2Rstd[l], dres, G(w.Ln2W), G(w.Ln2B), N, C, Pool);
            // x2 = x + Attention(qkv)·Wprojᵀ + b
            a.DAtty.AsSpan().Clear();
            MatMul.Backward(dres, a.Atty[l], P(w.ProjW), a.DAtty, G(w.ProjW), G(w.ProjB), N, C, C, Pool);
            var qkv = a.Qkv[l].AsSpan();
            var dqkv = a.DQkv.AsSpan();
            Attention.Backward(a.DAtty, qkv, qkv[C..], qkv[(2 * C)..], a.Atty[l], a.Lse[l], dqkv, dqkv[C..], dqkv[(2 * C)..], shape, Pool);
            // qkv = LN1(x)·Wqkvᵀ + b
            a.DLn.AsSpan().Clear();
            MatMul.Backward(a.DQkv, a.Ln1[l], P(w.QkvW), a.DLn, G(w.QkvW), G(w.QkvB), N, C, 3 * C, Pool);
            LayerNorm.Backward(a.DLn, xIn, P(w.Ln1W), a.Ln1Mean[l], a.Ln1Rstd[l], dres, G(w.Ln1W), G(w.Ln1B), N, C, Pool);
        }
        // x = wte[tokens] + wpe[positions]
        Embedding.Backward(dres, batch.Inputs, G(_wte), G(_wpe), a.B, a.T, C, Pool);
    }

    protected override ReadOnlySpan<float> ForwardToHidden(Batch batch, bool causal) => ForwardHidden(batch, causal).Lnf;

    protected override ReadOnlySpan<float> OutputWeight => P(_wte);

    public override void Dispose() => _act = null;
}
