// GPT-2 (pre-LayerNorm, learned positions, GELU MLP, tied embeddings), forward and backward written out
// as kernel calls on the backend, llm.c-style. With causal attention it is a causal LM; with
// bidirectional attention and masked targets it is the masked-LM variant. Shapes: B batch, T time,
// C width, NH heads, HS = C/NH, V vocab, N = B·T rows, H = hidden (4C).
//
//   x = wte[tokens] + wpe[positions]
//   for each layer:  a = LN1(x);  qkv = a·Wqkvᵀ + b;  y = Attention(q, k, v);  x = x + y·Wprojᵀ + b
//                    m = LN2(x);  h = GELU(m·Wfcᵀ + b);                       x = x + h·Wfc2ᵀ + b
//   logits = LNf(x)·wteᵀ;  loss = CE(logits, targets)
namespace BabyLm.Engine.Models;

public sealed class Gpt : TransformerModel<Gpt.Activations>
{
    private readonly ParameterTensor _wte, _wpe, _lnfW, _lnfB;
    private readonly Block[] _blocks;

    private sealed record Block(ParameterTensor Ln1W, ParameterTensor Ln1B, ParameterTensor QkvW, ParameterTensor QkvB,
        ParameterTensor ProjW, ParameterTensor ProjB, ParameterTensor Ln2W, ParameterTensor Ln2B,
        ParameterTensor FcW, ParameterTensor FcB, ParameterTensor Fc2W, ParameterTensor Fc2B);

    public Gpt(ModelConfig config, int vocab, IBackend backend)
        : base(config, vocab, backend)
    {
        var p = new ParameterLayout();
        _wte = p.Add("wte", true, Init.Normal, V, C);
        _wpe = p.Add("wpe", false, Init.Normal, MaxT, C);
        _blocks = new Block[L];
        for (int l = 0; l < L; l++)
        {
            string n = $"h.{l}.";
            _blocks[l] = new Block(
                p.Add(n + "ln_1.weight", false, Init.Ones, C), p.Add(n + "ln_1.bias", false, Init.Zeros, C),
                p.Add(n + "attn.qkv.weight", true, Init.Normal, 3 * C, C), p.Add(n + "attn.qkv.bias", false, Init.Zeros, 3 * C),
                p.Add(n + "attn.proj.weight", true, Init.ResidualNormal, C, C), p.Add(n + "attn.proj.bias", false, Init.Zeros, C),
                p.Add(n + "ln_2.weight", false, Init.Ones, C), p.Add(n + "ln_2.bias", false, Init.Zeros, C),
                p.Add(n + "mlp.fc.weight", true, Init.Normal, H, C), p.Add(n + "mlp.fc.bias", false, Init.Zeros, H),
                p.Add(n + "mlp.proj.weight", true, Init.ResidualNormal, C, H), p.Add(n + "mlp.proj.bias", false, Init.Zeros, C));
        }
        _lnfW = p.Add("ln_f.weight", false, Init.Ones, C);
        _lnfB = p.Add("ln_f.bias", false, Init.Zeros, C);
        Allocate(p);
    }

    /// <summary>Activation buffers for one batch shape.</summary>
    public sealed class Activations : ActivationSet
    {
        internal Activations(IBackend backend, int b, int t, int L, int C, int H, int NH)
            : base(backend, b, t)
        {
            Encoded = F(N * C);
            Ln1 = F(L, N * C); Ln1Mean = F(L, N); Ln1Rstd = F(L, N);
            Qkv = F(L, N * 3 * C); Atty = F(L, N * C); Lse = F(L, b * NH * t);
            Res2 = F(L, N * C); Res3 = F(L, N * C);
            Ln2 = F(L, N * C); Ln2Mean = F(L, N); Ln2Rstd = F(L, N);
            Fch = F(L, N * H); FchGelu = F(L, N * H);
            Lnf = F(N * C); LnfMean = F(N); LnfRstd = F(N);
            DRes = F(N * C); DLn = F(N * C); DAtty = F(N * C);
            DQkv = F(N * 3 * C); DFch = F(N * H); DFchGelu = F(N * H);
        }

        public readonly View<float> Encoded, Lnf, LnfMean, LnfRstd;
        public readonly View<float>[] Ln1, Ln1Mean, Ln1Rstd, Qkv, Atty, Lse, Res2, Res3, Ln2, Ln2Mean, Ln2Rstd, Fch, FchGelu;
        // Gradient scratch, shared by the layers.
        public readonly View<float> DRes, DLn, DAtty, DQkv, DFch, DFchGelu;
    }

    protected override Activations CreateActivations(int b, int t) => new(B, b, t, L, C, H, NH);

    /// <summary>Runs the network up to the final LayerNorm (in a.Lnf).</summary>
    protected override View<float> ForwardToHidden(Batch batch, bool causal)
    {
        var a = ActivationsFor(batch);
        int N = a.N;
        var shape = Shape(batch, causal);
        B.EmbeddingForward(a.Inputs, P(_wte), P(_wpe), a.Encoded, a.B, a.T, C);
        var x = a.Encoded;
        for (int l = 0; l < L; l++)
        {
            var w = _blocks[l];
            B.LayerNormForward(x, P(w.Ln1W), P(w.Ln1B), a.Ln1[l], a.Ln1Mean[l], a.Ln1Rstd[l], N, C);
            B.MatMulForward(a.Ln1[l], P(w.QkvW), P(w.QkvB), a.Qkv[l], N, C, 3 * C);
            var qkv = a.Qkv[l];
            B.AttentionForward(qkv, qkv.Slice(C), qkv.Slice(2 * C), a.Atty[l], a.Lse[l], shape);
            B.MatMulForward(a.Atty[l], P(w.ProjW), P(w.ProjB), a.Res2[l], N, C, C);
            B.ResidualAdd(a.Res2[l], x);                                           // x + attention
            B.LayerNormForward(a.Res2[l], P(w.Ln2W), P(w.Ln2B), a.Ln2[l], a.Ln2Mean[l], a.Ln2Rstd[l], N, C);
            B.MatMulForward(a.Ln2[l], P(w.FcW), P(w.FcB), a.Fch[l], N, C, H);
            B.GeluForward(a.Fch[l], a.FchGelu[l], N * H);
            B.MatMulForward(a.FchGelu[l], P(w.Fc2W), P(w.Fc2B), a.Res3[l], N, H, C);
            B.ResidualAdd(a.Res3[l], a.Res2[l]);                                   // x + MLP
            x = a.Res3[l];
        }
        B.LayerNormForward(x, P(_lnfW), P(_lnfB), a.Lnf, a.LnfMean, a.LnfRstd, N, C);
        return a.Lnf;
    }

    public override void Backward()
    {
        var a = Act;
        int N = a.N;
        var shape = LastShape;
        var dres = a.DRes;
        B.Clear(dres);
        var lastX = L > 0 ? a.Res3[L - 1] : a.Encoded;
        // logits = LNf(x)·wteᵀ  (DLogits: d loss / d logits, written by the fused cross-entropy)
        B.Clear(a.DLn);
        B.MatMulBackward(DLogits, a.Lnf, P(_wte), a.DLn, G(_wte), default, N, C, V);
        B.LayerNormBackward(a.DLn, lastX, P(_lnfW), a.LnfMean, a.LnfRstd, dres, G(_lnfW), G(_lnfB), N, C);
        for (int l = L - 1; l >= 0; l--)
        {
            var w = _blocks[l];
            var xIn = l == 0 ? a.Encoded : a.Res3[l - 1];
            // x3 = x2 + GELU(m·Wfcᵀ + b)·Wfc2ᵀ + b
            B.Clear(a.DFchGelu);
            B.MatMulBackward(dres, a.FchGelu[l], P(w.Fc2W), a.DFchGelu, G(w.Fc2W), G(w.Fc2B), N, H, C);
            B.GeluBackward(a.DFchGelu, a.Fch[l], a.DFch, N * H);
            B.Clear(a.DLn);
            B.MatMulBackward(a.DFch, a.Ln2[l], P(w.FcW), a.DLn, G(w.FcW), G(w.FcB), N, C, H);
            // m = LN2(x2)
            B.LayerNormBackward(a.DLn, a.Res2[l], P(w.Ln2W), a.Ln2Mean[l], a.Ln2Rstd[l], dres, G(w.Ln2W), G(w.Ln2B), N, C);
            // x2 = x + Attention(qkv)·Wprojᵀ + b
            B.Clear(a.DAtty);
            B.MatMulBackward(dres, a.Atty[l], P(w.ProjW), a.DAtty, G(w.ProjW), G(w.ProjB), N, C, C);
            var qkv = a.Qkv[l];
            var dqkv = a.DQkv;
            B.AttentionBackward(a.DAtty, qkv, qkv.Slice(C), qkv.Slice(2 * C), a.Atty[l], a.Lse[l], dqkv, dqkv.Slice(C), dqkv.Slice(2 * C), shape);
            // qkv = LN1(x)·Wqkvᵀ + b
            B.Clear(a.DLn);
            B.MatMulBackward(a.DQkv, a.Ln1[l], P(w.QkvW), a.DLn, G(w.QkvW), G(w.QkvB), N, C, 3 * C);
            B.LayerNormBackward(a.DLn, xIn, P(w.Ln1W), a.Ln1Mean[l], a.Ln1Rstd[l], dres, G(w.Ln1W), G(w.Ln1B), N, C);
        }
        // x = wte[tokens] + wpe[positions]
        B.EmbeddingBackward(dres, a.Inputs, G(_wte), G(_wpe), a.B, a.T, C);
    }

    protected override View<float> OutputWeight => P(_wte);
}
