// RoBERTa-style encoder (BabyBERTa, LTG-BERT's family): embeddings normalised by a LayerNorm, post-LN
// blocks, GELU MLP, and the masked-LM head (dense + GELU + LayerNorm, then the tied embedding with a
// bias). Forward and backward as kernel calls on the backend. With bidirectional attention it is the
// masked LM that Hugging Face's RobertaForMaskedLM loads; with causal attention a RobertaForCausalLM.
// Shapes as in Gpt.cs; H = hidden (4C).
//
//   x = LNe(wte[tokens] + wpe[positions])
//   for each layer:  qkv = x·Wqkvᵀ + b;  x = LN1(x + Attention(q, k, v)·Woᵀ + b)
//                    x = LN2(x + GELU(x·Wiᵀ + b)·Wo2ᵀ + b)
//   t = LNh(GELU(x·Wdᵀ + bd));  logits = t·wteᵀ + bias;  loss = CE(logits, targets)
namespace BabyLm.Engine.Models;

public sealed class Bert : TransformerModel<Bert.Activations>
{
    private readonly ParameterTensor _wte, _wpe, _embLnW, _embLnB, _headW, _headB, _headLnW, _headLnB, _outBias;
    private readonly Block[] _blocks;

    private sealed record Block(ParameterTensor QkvW, ParameterTensor QkvB, ParameterTensor AoW, ParameterTensor AoB,
        ParameterTensor Ln1W, ParameterTensor Ln1B, ParameterTensor InW, ParameterTensor InB,
        ParameterTensor OutW, ParameterTensor OutB, ParameterTensor Ln2W, ParameterTensor Ln2B);

    public Bert(ModelConfig config, int vocab, IBackend backend)
        : base(config, vocab, backend)
    {
        // BERT's initialisation: N(0, init_std²) for every matrix, no residual scaling.
        var p = new ParameterLayout();
        _wte = p.Add("embeddings.word_embeddings", true, Init.Normal, V, C);
        _wpe = p.Add("embeddings.position_embeddings", false, Init.Normal, MaxT, C);
        _embLnW = p.Add("embeddings.LayerNorm.weight", false, Init.Ones, C);
        _embLnB = p.Add("embeddings.LayerNorm.bias", false, Init.Zeros, C);
        _blocks = new Block[L];
        for (int l = 0; l < L; l++)
        {
            string n = $"encoder.layer.{l}.";
            _blocks[l] = new Block(
                p.Add(n + "attention.self.qkv.weight", true, Init.Normal, 3 * C, C), p.Add(n + "attention.self.qkv.bias", false, Init.Zeros, 3 * C),
                p.Add(n + "attention.output.dense.weight", true, Init.Normal, C, C), p.Add(n + "attention.output.dense.bias", false, Init.Zeros, C),
                p.Add(n + "attention.output.LayerNorm.weight", false, Init.Ones, C), p.Add(n + "attention.output.LayerNorm.bias", false, Init.Zeros, C),
                p.Add(n + "intermediate.dense.weight", true, Init.Normal, H, C), p.Add(n + "intermediate.dense.bias", false, Init.Zeros, H),
                p.Add(n + "output.dense.weight", true, Init.Normal, C, H), p.Add(n + "output.dense.bias", false, Init.Zeros, C),
                p.Add(n + "output.LayerNorm.weight", false, Init.Ones, C), p.Add(n + "output.LayerNorm.bias", false, Init.Zeros, C));
        }
        _headW = p.Add("lm_head.dense.weight", true, Init.Normal, C, C);
        _headB = p.Add("lm_head.dense.bias", false, Init.Zeros, C);
        _headLnW = p.Add("lm_head.layer_norm.weight", false, Init.Ones, C);
        _headLnB = p.Add("lm_head.layer_norm.bias", false, Init.Zeros, C);
        _outBias = p.Add("lm_head.bias", false, Init.Zeros, V);
        Allocate(p);
    }

    /// <summary>Activation buffers for one batch shape.</summary>
    public sealed class Activations : ActivationSet
    {
        internal Activations(IBackend backend, int b, int t, int L, int C, int H, int NH)
            : base(backend, b, t)
        {
            Emb = F(N * C); X0 = F(N * C); EmbMean = F(N); EmbRstd = F(N);
            Qkv = F(L, N * 3 * C); Atty = F(L, N * C); Lse = F(L, b * NH * t);
            R1 = F(L, N * C); X1 = F(L, N * C); Ln1Mean = F(L, N); Ln1Rstd = F(L, N);
            Fch = F(L, N * H); FchGelu = F(L, N * H);
            R2 = F(L, N * C); X2 = F(L, N * C); Ln2Mean = F(L, N); Ln2Rstd = F(L, N);
            U = F(N * C); UGelu = F(N * C); Th = F(N * C); ThMean = F(N); ThRstd = F(N);
            DX = F(N * C); DR = F(N * C); DA = F(N * C); DB = F(N * C);
            DQkv = F(N * 3 * C); DFch = F(N * H); DFchGelu = F(N * H);
        }

        public readonly View<float> Emb, X0, EmbMean, EmbRstd, U, UGelu, Th, ThMean, ThRstd;
        public readonly View<float>[] Qkv, Atty, Lse, R1, X1, Ln1Mean, Ln1Rstd, Fch, FchGelu, R2, X2, Ln2Mean, Ln2Rstd;
        // Gradient scratch, shared by the layers.
        public readonly View<float> DX, DR, DA, DB, DQkv, DFch, DFchGelu;
    }

    protected override Activations CreateActivations(int b, int t) => new(B, b, t, L, C, H, NH);

    /// <summary>Runs the network up to the head's LayerNorm (in a.Th).</summary>
    protected override View<float> ForwardToHidden(Batch batch, bool causal)
    {
        var a = ActivationsFor(batch);
        int N = a.N;
        var shape = Shape(batch, causal);
        B.EmbeddingForward(a.Inputs, P(_wte), P(_wpe), a.Emb, a.B, a.T, C);
        B.LayerNormForward(a.Emb, P(_embLnW), P(_embLnB), a.X0, a.EmbMean, a.EmbRstd, N, C);
        var x = a.X0;
        for (int l = 0; l < L; l++)
        {
            var w = _blocks[l];
            B.MatMulForward(x, P(w.QkvW), P(w.QkvB), a.Qkv[l], N, C, 3 * C);
            var qkv = a.Qkv[l];
            B.AttentionForward(qkv, qkv.Slice(C), qkv.Slice(2 * C), a.Atty[l], a.Lse[l], shape);
            B.MatMulForward(a.Atty[l], P(w.AoW), P(w.AoB), a.R1[l], N, C, C);
            B.ResidualAdd(a.R1[l], x);                                             // x + attention
            B.LayerNormForward(a.R1[l], P(w.Ln1W), P(w.Ln1B), a.X1[l], a.Ln1Mean[l], a.Ln1Rstd[l], N, C);
            B.MatMulForward(a.X1[l], P(w.InW), P(w.InB), a.Fch[l], N, C, H);
            B.GeluForward(a.Fch[l], a.FchGelu[l], N * H);
            B.MatMulForward(a.FchGelu[l], P(w.OutW), P(w.OutB), a.R2[l], N, H, C);
            B.ResidualAdd(a.R2[l], a.X1[l]);                                       // x + MLP
            B.LayerNormForward(a.R2[l], P(w.Ln2W), P(w.Ln2B), a.X2[l], a.Ln2Mean[l], a.Ln2Rstd[l], N, C);
            x = a.X2[l];
        }
        B.MatMulForward(x, P(_headW), P(_headB), a.U, N, C, C);
        B.GeluForward(a.U, a.UGelu, N * C);
        B.LayerNormForward(a.UGelu, P(_headLnW), P(_headLnB), a.Th, a.ThMean, a.ThRstd, N, C);
        return a.Th;
    }

    public override void Backward()
    {
        var a = Act;
        int N = a.N;
        var shape = LastShape;
        var lastX = L > 0 ? a.X2[L - 1] : a.X0;
        // logits = t·wteᵀ + bias  (DLogits: d loss / d logits, written by the fused cross-entropy)
        B.Clear(a.DA);
        B.MatMulBackward(DLogits, a.Th, P(_wte), a.DA, G(_wte), G(_outBias), N, C, V);
        // t = LNh(GELU(u)), u = x·Wdᵀ + bd
        B.Clear(a.DB);
        B.LayerNormBackward(a.DA, a.UGelu, P(_headLnW), a.ThMean, a.ThRstd, a.DB, G(_headLnW), G(_headLnB), N, C);
        B.GeluBackward(a.DB, a.U, a.DA, N * C);
        var dx = a.DX;
        B.Clear(dx);
        B.MatMulBackward(a.DA, lastX, P(_headW), dx, G(_headW), G(_headB), N, C, C);
        for (int l = L - 1; l >= 0; l--)
        {
            var w = _blocks[l];
            var xIn = l == 0 ? a.X0 : a.X2[l - 1];
            // x2 = LN2(r2)
            var dr = a.DR;
            B.Clear(dr);
            B.LayerNormBackward(dx, a.R2[l], P(w.Ln2W), a.Ln2Mean[l], a.Ln2Rstd[l], dr, G(w.Ln2W), G(w.Ln2B), N, C);
            // r2 = x1 + GELU(x1·Wiᵀ + b)·Wo2ᵀ + b
            B.Clear(a.DFchGelu);
            B.MatMulBackward(dr, a.FchGelu[l], P(w.OutW), a.DFchGelu, G(w.OutW), G(w.OutB), N, H, C);
            B.GeluBackward(a.DFchGelu, a.Fch[l], a.DFch, N * H);
            B.Copy(dr, dx);                                                       // residual path of r2
            B.MatMulBackward(a.DFch, a.X1[l], P(w.InW), dx, G(w.InW), G(w.InB), N, C, H);
            // x1 = LN1(r1)
            B.Clear(dr);
            B.LayerNormBackward(dx, a.R1[l], P(w.Ln1W), a.Ln1Mean[l], a.Ln1Rstd[l], dr, G(w.Ln1W), G(w.Ln1B), N, C);
            // r1 = x + Attention(qkv)·Woᵀ + b,  qkv = x·Wqkvᵀ + b
            B.Clear(a.DA);
            B.MatMulBackward(dr, a.Atty[l], P(w.AoW), a.DA, G(w.AoW), G(w.AoB), N, C, C);
            var qkv = a.Qkv[l];
            var dqkv = a.DQkv;
            B.AttentionBackward(a.DA, qkv, qkv.Slice(C), qkv.Slice(2 * C), a.Atty[l], a.Lse[l], dqkv, dqkv.Slice(C), dqkv.Slice(2 * C), shape);
            B.Copy(dr, dx);                                                       // residual path of r1
            B.MatMulBackward(a.DQkv, xIn, P(w.QkvW), dx, G(w.QkvW), G(w.QkvB), N, C, 3 * C);
        }
        // x0 = LNe(wte[tokens] + wpe[positions])
        var de = a.DR;
        B.Clear(de);
        B.LayerNormBackward(dx, a.Emb, P(_embLnW), a.EmbMean, a.EmbRstd, de, G(_embLnW), G(_embLnB), N, C);
        B.EmbeddingBackward(de, a.Inputs, G(_wte), G(_wpe), a.B, a.T, C);
    }

    protected override View<float> OutputWeight => P(_wte);

    protected override View<float> OutputBias => P(_outBias);
}
