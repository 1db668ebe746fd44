// RoBERTa-style encoder (BabyBERTa, LTG-BERT's family): embeddings normalised by a LayerNorm, post-LN
// blocks, GELU MLP, and the masked-LM head (dense + GELU + LayerNorm, then the tied embedding with a
// bias). Forward and backward as kernel calls. With bidirectional attention it is the masked LM that
// Hugging Face's RobertaForMaskedLM loads; with causal attention a RobertaForCausalLM. Shapes as in
// Gpt.cs; H = hidden (4C).
//
//   x = LNe(wte[tokens] + wpe[positions])
//   for each layer:  qkv = x·Wqkvᵀ + b;  x = LN1(x + Attention(q, k, v)·Woᵀ + b)
//                    x = LN2(x + GELU(x·Wiᵀ + b)·Wo2ᵀ + b)
//   t = LNh(GELU(x·Wdᵀ + bd));  logits = t·wteᵀ + bias;  loss = CE(logits, targets)
using BabyLm.Core;
using BabyLm.Engine;
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Models;

public sealed class Bert : TransformerModel
{
    private readonly ParameterTensor _wte, _wpe, _embLnW, _embLnB, _headW, _headB, _headLnW, _headLnB, _outBias;
    private readonly Block[] _blocks;
    private Activations? _act;

    private sealed record Block(ParameterTensor QkvW, ParameterTensor QkvB, ParameterTensor AoW, ParameterTensor AoB,
        ParameterTensor Ln1W, ParameterTensor Ln1B, ParameterTensor InW, ParameterTensor InB,
        ParameterTensor OutW, ParameterTensor OutB, ParameterTensor Ln2W, ParameterTensor Ln2B);

    public Bert(ModelConfig config, int vocab, WorkerPool pool)
        : base(config, vocab, pool)
    {
        var p = new ParameterLayout();
        _wte = p.Add("embeddings.word_embeddings", true, V, C);
        _wpe = p.Add("embeddings.position_embeddings", false, MaxT, C);
        _embLnW = p.Add("embeddings.LayerNorm.weight", false, C);
        _embLnB = p.Add("embeddings.LayerNorm.bias", false, C);
        _blocks = new Block[L];
        for (int l = 0; l < L; l++)
        {
            string n = $"encoder.layer.{l}.";
            _blocks[l] = new Block(
                p.Add(n + "attention.self.qkv.weight", true, 3 * C, C), p.Add(n + "attention.self.qkv.bias", false, 3 * C),
                p.Add(n + "attention.output.dense.weight", true, C, C), p.Add(n + "attention.output.dense.bias", false, C),
                p.Add(n + "attention.output.LayerNorm.weight", false, C), p.Add(n + "attention.output.LayerNorm.bias", false, C),
                p.Add(n + "intermediate.dense.weight", true, H, C), p.Add(n + "intermediate.dense.bias", false, H),
                p.Add(n + "output.dense.weight", true, C, H), p.Add(n + "output.dense.bias", false, C),
                p.Add(n + "output.LayerNorm.weight", false, C), p.Add(n + "output.LayerNorm.bias", false, C));
        }
        _headW = p.Add("lm_head.dense.weight", true, C, C);
        _headB = p.Add("lm_head.dense.bias", false, C);
        _headLnW = p.Add("lm_head.layer_norm.weight", false, C);
        _headLnB = p.Add("lm_head.layer_norm.bias", false, C);
        _outBias = p.Add("lm_head.bias", false, V);
        Allocate(p);
    }

    public override void Initialize(long seed)
    {
        var rng = Rng.Stream(seed, "init");
        Array.Clear(Parameters);
        float std = (float)Config.InitStd;
        foreach (var t in Layout.Tensors)
        {
            var w = P(t);
            if (t.Name.Contains("LayerNorm.weight", StringComparison.Ordinal) || t.Name.Contains("layer_norm.weight", StringComparison.Ordinal)) { w.Fill(1f); continue; }
            if (t.Name.EndsWith("bias", StringComparison.Ordinal)) continue;
            for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextGaussian() * std);
        }
    }

    private sealed class Activations(int b, int t, int L, int C, int H, int NH)
    {
        public readonly int B = b, T = t, N = b * t;
        public readonly float[] Emb = new float[b * t * C], X0 = new float[b * t * C], EmbMean = new float[b * t], EmbRstd = new float[b * t];
        public readonly float[][] Qkv = Alloc(L, b * t * 3 * C), Atty = Alloc(L, b * t * C), Lse = Alloc(L, b * NH * t);
        public readonly float[][] R1 = Alloc(L, b * t * C), X1 = Alloc(L, b * t * C), Ln1Mean = Alloc(L, b * t), Ln1Rstd = Alloc(L, b * t);
        public readonly float[][] Fch = Alloc(L, b * t * H), FchGelu = Alloc(L, b * t * H);
        public readonly float[][] R2 = Alloc(L, b * t * C), X2 = Alloc(L, b * t * C), Ln2Mean = Alloc(L, b * t), Ln2Rstd = Alloc(L, b * t);
        public readonly float[] U = new float[b * t * C], UGelu = new float[b * t * C], Th = new float[b * t * C], ThMean = new float[b * t], ThRstd = new float[b * t];
        // Gradient scratch, shared by the layers.
        public readonly float[] DX = new float[b * t * C], DR = new float[b * t * C], DA = new float[b * t * C], DB = new float[b * t * C];
        public readonly float[] DQkv = new float[b * t * 3 * C], DFch = new float[b * t * H], DFchGelu = new float[b * t * H];
    }

    private Activations Acts(Batch batch)
    {
        CheckLength(batch);
        if (_act is null || _act.B != batch.B || _act.T != batch.T) _act = new Activations(batch.B, batch.T, L, C, H, NH);
        return _act;
    }

    /// <summary>Runs the network up to the head's LayerNorm (in a.Th).</summary>
    private Activations ForwardHidden(Batch batch, bool causal)
    {
        var a = Acts(batch);
        int N = a.N;
        var shape = Shape(batch, causal);
        Embedding.Forward(batch.Inputs, P(_wte), P(_wpe), a.Emb, a.B, a.T, C, Pool);
        LayerNorm.Forward(a.Emb, P(_embLnW), P(_embLnB), a.X0, a.EmbMean, a.EmbRstd, N, C, Pool);
        ReadOnlySpan<float> x = a.X0;
        for (int l = 0; l < L; l++)
        {
            var w = _blocks[l];
            MatMul.Forward(x, P(w.QkvW), P(w.QkvB), a.Qkv[l], N, C, 3 * C, Pool);
            var qkv = a.Qkv[l].AsSpan();
            Attention.Forward(qkv, qkv[C..], qkv[(2 * C)..], a.Atty[l], a.Lse[l], shape, Pool);
            MatMul.Forward(a.Atty[l], P(w.AoW), P(w.AoB), a.R1[l], N, C, C, Pool);
            Add(a.R1[l], x);                                                       // x + attention
            LayerNorm.Forward(a.R1[l], P(w.Ln1W), P(w.Ln1B), a.X1[l], a.Ln1Mean[l], a.Ln1Rstd[l], N, C, Pool);
            MatMul.Forward(a.X1[l], P(w.InW), P(w.InB), a.Fch[l], N, C, H, Pool);
            Gelu.Forward(a.Fch[l], a.FchGelu[l], N * H, Pool);
            MatMul.Forward(a.FchGelu[l], P(w.OutW), P(w.OutB), a.R2[l], N, H, C, Pool);
            Add(a.R2[l], a.X1[l]);                                                 // x + MLP
            LayerNorm.Forward(a.R2[l], P(w.Ln2W), P(w.Ln2B), a.X2[l], a.Ln2Mean[l], a.Ln2Rstd[l], N, C, Pool);
            x = a.X2[l];
        }
        MatMul.Forward(x, P(_headW), P(_headB), a.U, N, C, C, Pool);
        Gelu.Forward(a.U, a.UGelu, N * C, Pool);
        LayerNorm.Forward(a.UGelu, P(_headLnW), P(_headLnB), a.Th, a.ThMean, a.ThRstd, N, C, Pool);
        return a;
    }

    public override void Backward()
    {
        var a = _act ?? throw new InvalidOperationException("Backward before Forward");
        var batch = LastBatch!;
        int N = a.N;
        var shape = Shape(batch, LastCausal);
        var lastX = L > 0 ? a.X2[L - 1] : a.X0;
        // logits = t·wteᵀ + bias  (DLogits: d loss / d logits, written by the fused cross-entropy)
        a.DA.AsSpan().Clear();
        MatMul.Backward(DLogits, a.Th, P(_wte), a.DA, G(_wte), G(_outBias), N, C, V, Pool);
        // t = LNh(GELU(u)), u = x·Wdᵀ + bd
        a.DB.AsSpan().Clear();
        LayerNorm.Backward(a.DA, a.UGelu, P(_headLnW), a.ThMean, a.ThRstd, a.DB, G(_headLnW), G(_headLnB), N, C, Pool);
        Gelu.Backward(a.DB, a.U, a.DA, N * C, Pool);
        var dx = a.DX.AsSpan();
        dx.Clear();
        MatMul.Backward(a.DA, lastX, P(_headW), dx, G(_headW), G(_headB), N, C, C, Pool);
        for (int l = L - 1; l >= 0; l--)
        {
            var w = _blocks[l];
            var xIn = l == 0 ? a.X0 : a.X2[l - 1];
            // x2 = LN2(r2)
            var dr = a.DR.AsSpan();
            dr.Clear();
            LayerNorm.Backward(dx, a.R2[l], P(w.Ln2W), a.Ln2Mean[l], a.Ln2Rstd[l], dr, G(w.Ln2W), G(w.Ln2B), N, C, Pool);
            // r2 = x1 + GELU(x1·Wiᵀ + b)·Wo2ᵀ + b
            a.DFchGelu.AsSpan().Clear();
            MatMul.Backward(dr, a.FchGelu[l], P(w.OutW), a.DFchGelu, G(w.OutW), G(w.OutB), N, H, C, Pool);
            Gelu.Backward(a.DFchGelu, a.Fch[l], a.DFch, N * H, Pool);
            dr.CopyTo(dx);                                                        // residual path of r2
            MatMul.Backward(a.DFch, a.X1[l], P(w.InW), dx, G(w.InW), G(w.InB), N, C, H, Pool);
            // x1 = LN1(r1)
            dr.Clear();
            LayerNorm.Backward(dx, a.R1[l], P(w.Ln1W), a.Ln1Mean[l], a.Ln1Rstd[l], dr, G(w.Ln1W), G(w.Ln1B), N, C, Pool);
            // r1 = x + Attention(qkv)·Woᵀ + b,  qkv = x·Wqkvᵀ + b
            a.DA.AsSpan().Clear();
            MatMul.Backward(dr, a.Atty[l], P(w.AoW), a.DA, G(w.AoW), G(w.AoB), N, C, C, Pool);
            var qkv = a.Qkv[l].AsSpan();
            var dqkv = a.DQkv.AsSpan();
            Attention.Backward(a.DA, qkv, qkv[C..], qkv[(2 * C)..], a.Atty[l], a.Lse[l], dqkv, dqkv[C..], dqkv[(2 * C)..], shape, Pool);
            dr.CopyTo(dx);                                                        // residual path of r1
            MatMul.Backward(a.DQkv, xIn, P(w.QkvW), dx, G(w.QkvW), G(w.QkvB), N, C, 3 * C, Pool);
        }
        // x0 = LNe(wte[tokens] + wpe[positions])
        var de = a.DR.AsSpan();
        de.Clear();
        LayerNorm.Backward(dx, a.Emb, P(_embLnW), a.EmbMean, a.EmbRstd, de, G(_embLnW), G(_embLnB), N, C, Pool);
        Embedding.Backward(de, batch.Inputs, G(_wte), G(_wpe), a.B, a.T, C, Pool);
    }

    protected override ReadOnlySpan<float> ForwardToHidden(Batch batch, bool causal) => ForwardHidden(batch, causal).Th;

    protected override ReadOnlySpan<float> OutputWeight => P(_wte);

    protected override ReadOnlySpan<float> OutputBias => P(_outBias);

    public override void Dispose() => _act = null;
}
