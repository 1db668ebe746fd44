// LLaMA-style transformer (RMSNorm, rotary position embeddings, SwiGLU MLP, no biases, optional tied
// embeddings), forward and backward as kernel calls on the backend. Causal LM or, with bidirectional
// attention and masked targets, the masked-LM variant. Shapes as in Gpt.cs; H = SwiGLU hidden size.
//
//   x = wte[tokens]
//   for each layer:  a = RMS1(x);  q,k,v = a·Wqkvᵀ;  q,k = RoPE(q,k);  x = x + Attention(q,k,v)·Woᵀ
//                    m = RMS2(x);  [g|u] = m·Wguᵀ;  x = x + (SiLU(g)∘u)·Wdownᵀ
//   logits = RMSf(x)·Woutᵀ  (Wout = wte when tied)
namespace BabyLm.Engine.Models;

public sealed class Llama : TransformerModel<Llama.Activations>
{
    private readonly float _theta;
    private readonly ParameterTensor _wte, _normF, _out;
    private readonly Block[] _blocks;

    private sealed record Block(ParameterTensor Norm1, ParameterTensor QkvW, ParameterTensor OW, ParameterTensor Norm2,
        ParameterTensor GateUpW, ParameterTensor DownW);

    public Llama(ModelConfig config, int vocab, IBackend backend)
        : base(config, vocab, backend)
    {
        _theta = (float)config.RopeTheta;
        var p = new ParameterLayout();
        _wte = p.Add("embed_tokens", true, Init.Normal, V, C);
        _blocks = new Block[L];
        for (int l = 0; l < L; l++)
        {
            string n = $"layers.{l}.";
            _blocks[l] = new Block(
                p.Add(n + "input_layernorm.weight", false, Init.Ones, C),
                p.Add(n + "self_attn.qkv.weight", true, Init.Normal, 3 * C, C),
                p.Add(n + "self_attn.o_proj.weight", true, Init.ResidualNormal, C, C),
                p.Add(n + "post_attention_layernorm.weight", false, Init.Ones, C),
                p.Add(n + "mlp.gate_up.weight", true, Init.Normal, 2 * H, C),
                p.Add(n + "mlp.down_proj.weight", true, Init.ResidualNormal, C, H));
        }
        _normF = p.Add("norm.weight", false, Init.Ones, C);
        _out = config.TieEmbeddings ? _wte : p.Add("lm_head", true, Init.Normal, V, C);
        Allocate(p);
    }

    /// <summary>Activation buffers for one batch shape, and the rotation table of its length.</summary>
    public sealed class Activations : ActivationSet
    {
        internal Activations(IBackend backend, int b, int t, int L, int C, int H, int NH, int HS, float theta)
            : base(backend, b, t)
        {
            RopeCos = F(t * (HS / 2)); RopeSin = F(t * (HS / 2));
            Encoded = F(N * C);
            N1 = F(L, N * C); N1Rstd = F(L, N);
            Qkv = F(L, N * 3 * C); Atty = F(L, N * C); Lse = F(L, b * NH * t);
            Res2 = F(L, N * C); Res3 = F(L, N * C);
            N2 = F(L, N * C); N2Rstd = F(L, N);
            GateUp = F(L, N * 2 * H); Hid = F(L, N * H);
            Nf = F(N * C); NfRstd = F(N);
            DRes = F(N * C); DLn = F(N * C); DAtty = F(N * C);
            DQkv = F(N * 3 * C); DGateUp = F(N * 2 * H); DHid = F(N * H);
            backend.RopeTable(t, HS, theta, RopeCos, RopeSin);
        }

        public readonly View<float> RopeCos, RopeSin, Encoded, Nf, NfRstd;
        public readonly View<float>[] N1, N1Rstd, Qkv, Atty, Lse, Res2, Res3, N2, N2Rstd, GateUp, Hid;
        // Gradient scratch, shared by the layers.
        public readonly View<float> DRes, DLn, DAtty, DQkv, DGateUp, DHid;
    }

    protected override Activations CreateActivations(int b, int t) => new(B, b, t, L, C, H, NH, HS, _theta);

    /// <summary>Runs the network up to the final RMSNorm (in a.Nf).</summary>
    protected override View<float> ForwardToHidden(Batch batch, bool causal)
    {
        var a = ActivationsFor(batch);
        int N = a.N;
        var shape = Shape(batch, causal);
        B.EmbeddingForward(a.Inputs, P(_wte), default, a.Encoded, a.B, a.T, C);
        var x = a.Encoded;
        for (int l = 0; l < L; l++)
        {
            var w = _blocks[l];
            B.RmsNormForward(x, P(w.Norm1), a.N1[l], a.N1Rstd[l], N, C);
            B.MatMulForward(a.N1[l], P(w.QkvW), default, a.Qkv[l], N, C, 3 * C);
            B.RopeForward(a.RopeCos, a.RopeSin, a.Qkv[l], a.B, a.T, 2 * NH, HS, 3 * C);  // rotates q and k (2·NH heads) in place
            var qkv = a.Qkv[l];
            B.AttentionForward(qkv, qkv.Slice(C), qkv.Slice(2 * C), a.Atty[l], a.Lse[l], shape);
            B.MatMulForward(a.Atty[l], P(w.OW), default, a.Res2[l], N, C, C);
            B.ResidualAdd(a.Res2[l], x);
            B.RmsNormForward(a.Res2[l], P(w.Norm2), a.N2[l], a.N2Rstd[l], N, C);
            B.MatMulForward(a.N2[l], P(w.GateUpW), default, a.GateUp[l], N, C, 2 * H);
            B.SwiGluForward(a.GateUp[l], a.Hid[l], N, H);
            B.MatMulForward(a.Hid[l], P(w.DownW), default, a.Res3[l], N, H, C);
            B.ResidualAdd(a.Res3[l], a.Res2[l]);
            x = a.Res3[l];
        }
        B.RmsNormForward(x, P(_normF), a.Nf, a.NfRstd, N, C);
        return a.Nf;
    }

    public override void Backward()
    {
        var a = Act;
        int N = a.N;
        var shape = LastShape;
        var dres = a.DRes;
        B.Clear(dres);
        var lastX = L > 0 ? a.Res3[L - 1] : a.Encoded;
        // logits = RMSf(x)·Woutᵀ
        B.Clear(a.DLn);
        B.MatMulBackward(DLogits, a.Nf, P(_out), a.DLn, G(_out), default, N, C, V);
        B.RmsNormBackward(a.DLn, lastX, P(_normF), a.NfRstd, dres, G(_normF), N, C);
        for (int l = L - 1; l >= 0; l--)
        {
            var w = _blocks[l];
            var xIn = l == 0 ? a.Encoded : a.Res3[l - 1];
            // x3 = x2 + (SiLU(g)∘u)·Wdownᵀ
            B.Clear(a.DHid);
            B.MatMulBackward(dres, a.Hid[l], P(w.DownW), a.DHid, G(w.DownW), default, N, H, C);
            B.SwiGluBackward(a.DHid, a.GateUp[l], a.DGateUp, N, H);
            B.Clear(a.DLn);
            B.MatMulBackward(a.DGateUp, a.N2[l], P(w.GateUpW), a.DLn, G(w.GateUpW), default, N, C, 2 * H);
            B.RmsNormBackward(a.DLn, a.Res2[l], P(w.Norm2), a.N2Rstd[l], dres, G(w.Norm2), N, C);
            // x2 = x + Attention(RoPE(q), RoPE(k), v)·Woᵀ
            B.Clear(a.DAtty);
            B.MatMulBackward(dres, a.Atty[l], P(w.OW), a.DAtty, G(w.OW), default, N, C, C);
            var qkv = a.Qkv[l];
            var dqkv = a.DQkv;
            B.AttentionBackward(a.DAtty, qkv, qkv.Slice(C), qkv.Slice(2 * C), a.Atty[l], a.Lse[l], dqkv, dqkv.Slice(C), dqkv.Slice(2 * C), shape);
            B.RopeBackward(a.RopeCos, a.RopeSin, a.DQkv, a.B, a.T, 2 * NH, HS, 3 * C); // un-rotates dq and dk in place
            B.Clear(a.DLn);
            B.MatMulBackward(a.DQkv, a.N1[l], P(w.QkvW), a.DLn, G(w.QkvW), default, N, C, 3 * C);
            B.RmsNormBackward(a.DLn, xIn, P(w.Norm1), a.N1Rstd[l], dres, G(w.Norm1), N, C);
        }
        B.EmbeddingBackward(dres, a.Inputs, G(_wte), default, a.B, a.T, C);
    }

    protected override View<float> OutputWeight => P(_out);
}
