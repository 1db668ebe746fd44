// LLaMA-style transformer (RMSNorm, rotary position embeddings, SwiGLU MLP, no biases, optional tied
// embeddings), forward and backward as kernel calls. Causal LM or, with bidirectional attention and
// masked targets, the masked-LM variant. Shapes as in Gpt.cs; H = SwiGLU hidden size.
//
//   x = wte[tokens]
//   for each layer:  a = RMS1(x);  q,k,v = a·Wqkvᵀ;  q,k = RoPE(q,k);  x = x + Attention(q,k,v)·Woᵀ
//                    m = RMS2(x);  [g|u] = m·Wguᵀ;  x = x + (SiLU(g)∘u)·Wdownᵀ
//   logits = RMSf(x)·Woutᵀ  (Wout = wte when tied)
using BabyLm.Core;
using BabyLm.Engine;
using BabyLm.Engine.Kernels;

namespace BabyLm.Engine.Models;

public sealed class Llama : TransformerModel
{
    private readonly float _theta;
    private readonly ParameterTensor _wte, _normF, _out;
    private readonly Block[] _blocks;
    private Activations? _act;

    private sealed record Block(ParameterTensor Norm1, ParameterTensor QkvW, ParameterTensor OW, ParameterTensor Norm2,
        ParameterTensor GateUpW, ParameterTensor DownW);

    public Llama(ModelConfig config, int vocab, WorkerPool pool)
        : base(config, vocab, pool)
    {
        _theta = (float)config.RopeTheta;
        var p = new ParameterLayout();
        _wte = p.Add("embed_tokens", true, V, C);
        _blocks = new Block[L];
        for (int l = 0; l < L; l++)
        {
            string n = $"layers.{l}.";
            _blocks[l] = new Block(
                p.Add(n + "input_layernorm.weight", false, C),
                p.Add(n + "self_attn.qkv.weight", true, 3 * C, C),
                p.Add(n + "self_attn.o_proj.weight", true, C, C),
                p.Add(n + "post_attention_layernorm.weight", false, C),
                p.Add(n + "mlp.gate_up.weight", true, 2 * H, C),
                p.Add(n + "mlp.down_proj.weight", true, C, H));
        }
        _normF = p.Add("norm.weight", false, C);
        _out = config.TieEmbeddings ? _wte : p.Add("lm_head", true, V, C);
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
            if (t.Name.Contains("norm", StringComparison.Ordinal)) { w.Fill(1f); continue; }
            float s = t.Name.EndsWith("o_proj.weight", StringComparison.Ordinal) || t.Name.EndsWith("down_proj.weight", StringComparison.Ordinal)
                ? residualStd : std;
            for (int i = 0; i < w.Length; i++) w[i] = (float)(rng.NextGaussian() * s);
        }
    }

    private sealed class Activations(int b, int t, int L, int C, int H, int NH, int HS)
    {
        public readonly int B = b, T = t, N = b * t;
        public readonly float[] RopeCos = new float[t * (HS / 2)], RopeSin = new float[t * (HS / 2)];
        public readonly float[] Encoded = new float[b * t * C];
        public readonly float[][] N1 = Alloc(L, b * t * C), N1Rstd = Alloc(L, b * t);
        public readonly float[][] Qkv = Alloc(L, b * t * 3 * C), Atty = Alloc(L, b * t * C), Lse = Alloc(L, b * NH * t);
        public readonly float[][] Res2 = Alloc(L, b * t * C), Res3 = Alloc(L, b * t * C);
        public readonly float[][] N2 = Alloc(L, b * t * C), N2Rstd = Alloc(L, b * t);
        public readonly float[][] GateUp = Alloc(L, b * t * 2 * H), Hid = Alloc(L, b * t * H);
        public readonly float[] Nf = new float[b * t * C], NfRstd = new float[b * t];
        public readonly float[] DRes = new float[b * t * C], DLn = new float[b * t * C], DAtty = new float[b * t * C];
        public readonly float[] DQkv = new float[b * t * 3 * C], DGateUp = new float[b * t * 2 * H], DHid = new float[b * t * H];
    }

    private Activations Acts(Batch batch)
    {
        CheckLength(batch);
        if (_act is null || _act.B != batch.B || _act.T != batch.T)
        {
            _act = new Activations(batch.B, batch.T, L, C, H, NH, HS);
            Rope.Table(batch.T, HS, _theta, _act.RopeCos, _act.RopeSin);
        }
        return _act;
    }

    /// <summary>Runs the network up to the final RMSNorm (in a.Nf).</summary>
    private Activations ForwardHidden(Batch batch, bool causal)
    {
        var a = Acts(batch);
        int N = a.N;
        var shape = Shape(batch, causal);
        Embedding.Forward(batch.Inputs, P(_wte), [], a.Encoded, a.B, a.T, C, Pool);
        ReadOnlySpan<float> x = a.Encoded;
        for (int l = 0; l < L; l++)
        {
            var w = _blocks[l];
            RmsNorm.Forward(x, P(w.Norm1), a.N1[l], a.N1Rstd[l], N, C, Pool);
            MatMul.Forward(a.N1[l], P(w.QkvW), [], a.Qkv[l], N, C, 3 * C, Pool);
            Rope.Forward(a.RopeCos, a.RopeSin, a.Qkv[l], a.B, a.T, 2 * NH, HS, 3 * C, Pool);  // rotates q and k (2·NH heads) in place
            var qkv = a.Qkv[l].AsSpan();
            Attention.Forward(qkv, qkv[C..], qkv[(2 * C)..], a.Atty[l], a.Lse[l], shape, Pool);
            MatMul.Forward(a.Atty[l], P(w.OW), [], a.Res2[l], N, C, C, Pool);
            Add(a.Res2[l], x);
            RmsNorm.Forward(a.Res2[l], P(w.Norm2), a.N2[l], a.N2Rstd[l], N, C, Pool);
            MatMul.Forward(a.N2[l], P(w.GateUpW), [], a.GateUp[l], N, C, 2 * H, Pool);
            SwiGlu.Forward(a.GateUp[l], a.Hid[l], N, H, Pool);
            MatMul.Forward(a.Hid[l], P(w.DownW), [], a.Res3[l], N, H, C, Pool);
            Add(a.Res3[l], a.Res2[l]);
            x = a.Res3[l];
        }
        RmsNorm.Forward(x, P(_normF), a.Nf, a.NfRstd, N, C, Pool);
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
        // logits = RMSf(x)·Woutᵀ
        a.DLn.AsSpan().Clear();
        MatMul.Backward(DLogits, a.Nf, P(_out), a.DLn, G(_out), [], N, C, V, Pool);
        RmsNorm.Backward(a.DLn, lastX, P(_normF), a.NfRstd, dres, G(_normF), N, C, Pool);
        for (int l = L - 1; l >= 0; l--)
        {
            var w = _blocks[l];
            var xIn = l == 0 ? a.Encoded : a.Res3[l - 1];
            // x3 = x2 + (SiLU(g)∘u)·Wdownᵀ
            a.DHid.AsSpan().Clear();
            MatMul.Backward(dres, a.Hid[l], P(w.DownW), a.DHid, G(w.DownW), [], N, H, C, Pool);
            SwiGlu.Backward(a.DHid, a.GateUp[l], a.DGateUp, N, H, Pool);
            a.DLn.AsSpan().Clear();
            MatMul.Backward(a.DGateUp, a.N2[l], P(w.GateUpW), a.DLn, G(w.GateUpW), [], N, C, 2 * H, Pool);
            RmsNorm.Backward(a.DLn, a.Res2[l], P(w.Norm2), a.N2Rstd[l], dres, G(w.Norm2), N, C, Pool);
            // x2 = x + Attention(RoPE(q), RoPE(k), v)·Woᵀ
            a.DAtty.AsSpan().Clear();
            MatMul.Backward(dres, a.Atty[l], P(w.OW), a.DAtty, G(w.OW), [], N, C, C, Pool);
            var qkv = a.Qkv[l].AsSpan();
            var dqkv = a.DQkv.AsSpan();
            Attention.Backward(a.DAtty, qkv, qkv[C..], qkv[(2 * C)..], a.Atty[l], a.Lse[l], dqkv, dqkv[C..], dqkv[(2 * C)..], shape, Pool);
            Rope.Backward(a.RopeCos, a.RopeSin, a.DQkv, a.B, a.T, 2 * NH, HS, 3 * C, Pool); // un-rotates dq and dk in place
            a.DLn.AsSpan().Clear();
            MatMul.Backward(a.DQkv, a.N1[l], P(w.QkvW), a.DLn, G(w.QkvW), [], N, C, 3 * C, Pool);
            RmsNorm.Backward(a.DLn, xIn, P(w.Norm1), a.N1Rstd[l], dres, G(w.Norm1), N, C, Pool);
        }
        Embedding.Backward(dres, batch.Inputs, G(_wte), [], a.B, a.T, C, Pool);
    }

    protected override ReadOnlySpan<float> ForwardToHidden(Batch batch, bool causal) => ForwardHidden(batch, causal).Nf;

    protected override ReadOnlySpan<float> OutputWeight => P(_out);

    public override void Dispose() => _act = null;
}
