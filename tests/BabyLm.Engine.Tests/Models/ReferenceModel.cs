// An independent, plain double-precision forward pass of our GPT and LLaMA networks, written from the
// architecture definitions (not from the kernels), reading parameters by name from a model's layout.
// Tests use it two ways: its loss must equal the model's, and central finite differences of its loss
// (in double) are the oracle for every parameter gradient the model's backward produces.
using BabyLm.Engine;
using BabyLm.Engine.Models;

namespace BabyLm.Engine.Tests.Models;

public sealed class ReferenceModel(ModelConfig config, ParameterLayout layout, int vocab, bool ropeInterleaved)
{
    private readonly int C = config.Width, NH = config.Heads, HS = config.Width / config.Heads, H = config.HiddenSize, L = config.Layers;

    private double[] W(double[] p, string name)
    {
        var t = layout[name];
        return p.AsSpan((int)t.Offset, (int)t.Size).ToArray();
    }

    /// <summary>Mean cross-entropy over the targets of <paramref name="batch"/> (ignored targets skipped).</summary>
    public double Loss(double[] p, Batch batch, bool causal)
    {
        var logits = Logits(p, batch, causal);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < batch.B * batch.T; i++)
        {
            int target = batch.Targets[i];
            if (target == Batch.Ignore) continue;
            var row = logits[i];
            double max = row.Max();
            double z = row.Sum(x => Math.Exp(x - max));
            sum += -(row[target] - max - Math.Log(z));
            count++;
        }
        return sum / count;
    }

    public double[][] Logits(double[] p, Batch batch, bool causal)
    {
        int B = batch.B, T = batch.T;
        var all = new double[B * T][];
        for (int b = 0; b < B; b++)
        {
            int valid = batch.Padded ? batch.ValidLengths[b] : T;
            var ids = batch.Inputs.AsSpan(b * T, T).ToArray();
            var rows = config.Arch switch
            {
                "gpt" => Gpt(p, ids, causal, valid),
                "llama" => Llama(p, ids, causal, valid),
                _ => Bert(p, ids, causal, valid),
            };
            for (int t = 0; t < T; t++) all[b * T + t] = rows[t];
        }
        return all;
    }

    private double[][] Gpt(double[] p, int[] ids, bool causal, int valid)
    {
        int T = ids.Length;
        var wte = W(p, "wte");
        var wpe = W(p, "wpe");
        var x = new double[T][];
        for (int t = 0; t < T; t++) x[t] = Enumerable.Range(0, C).Select(c => wte[ids[t] * C + c] + wpe[t * C + c]).ToArray();
        for (int l = 0; l < L; l++)
        {
            string n = $"h.{l}.";
            var a = x.Select(r => LayerNorm(r, W(p, n + "ln_1.weight"), W(p, n + "ln_1.bias"))).ToArray();
            var qkv = a.Select(r => Linear(r, W(p, n + "attn.qkv.weight"), W(p, n + "attn.qkv.bias"), 3 * C)).ToArray();
            var y = Attend(qkv, causal, valid);
            var proj = y.Select(r => Linear(r, W(p, n + "attn.proj.weight"), W(p, n + "attn.proj.bias"), C)).ToArray();
            x = Add(x, proj);
            var m = x.Select(r => LayerNorm(r, W(p, n + "ln_2.weight"), W(p, n + "ln_2.bias"))).ToArray();
            var h = m.Select(r => Linear(r, W(p, n + "mlp.fc.weight"), W(p, n + "mlp.fc.bias"), H).Select(GeluTanh).ToArray()).ToArray();
            x = Add(x, h.Select(r => Linear(r, W(p, n + "mlp.proj.weight"), W(p, n + "mlp.proj.bias"), C)).ToArray());
        }
        var f = x.Select(r => LayerNorm(r, W(p, "ln_f.weight"), W(p, "ln_f.bias"))).ToArray();
        return f.Select(r => Linear(r, wte, null, vocab)).ToArray();
    }

    private double[][] Bert(double[] p, int[] ids, bool causal, int valid)
    {
        int T = ids.Length;
        var wte = W(p, "embeddings.word_embeddings");
        var wpe = W(p, "embeddings.position_embeddings");
        var x = new double[T][];
        for (int t = 0; t < T; t++)
            x[t] = LayerNorm(Enumerable.Range(0, C).Select(c => wte[ids[t] * C + c] + wpe[t * C + c]).ToArray(),
                W(p, "embeddings.LayerNorm.weight"), W(p, "embeddings.LayerNorm.bias"));
        for (int l = 0; l < L; l++)
        {
            string n = $"encoder.layer.{l}.";
            var qkv = x.Select(r => Linear(r, W(p, n + "attention.self.qkv.weight"), W(p, n + "attention.self.qkv.bias"), 3 * C)).ToArray();
            var y = Attend(qkv, causal, valid);
            var a = y.Select(r => Linear(r, W(p, n + "attention.output.dense.weight"), W(p, n + "attention.output.dense.bias"), C)).ToArray();
            x = Add(x, a).Select(r => LayerNorm(r, W(p, n + "attention.output.LayerNorm.weight"), W(p, n + "attention.output.LayerNorm.bias"))).ToArray();
            var h = x.Select(r => Linear(r, W(p, n + "intermediate.dense.weight"), W(p, n + "intermediate.dense.bias"), H).Select(GeluTanh).ToArray()).ToArray();
            var m = h.Select(r => Linear(r, W(p, n + "output.dense.weight"), W(p, n + "output.dense.bias"), C)).ToArray();
            x = Add(x, m).Select(r => LayerNorm(r, W(p, n + "output.LayerNorm.weight"), W(p, n + "output.LayerNorm.bias"))).ToArray();
        }
        var head = x.Select(r => LayerNorm(Linear(r, W(p, "lm_head.dense.weight"), W(p, "lm_head.dense.bias"), C).Select(GeluTanh).ToArray(),
            W(p, "lm_head.layer_norm.weight"), W(p, "lm_head.layer_norm.bias"))).ToArray();
        return head.Select(r => Linear(r, wte, W(p, "lm_head.bias"), vocab)).ToArray();
    }

    private double[][] Llama(double[] p, int[] ids, bool causal, int valid)
    {
        int T = ids.Length;
        var wte = W(p, "embed_tokens");
        double eps = 1e-5;
        var x = ids.Select(id => wte.AsSpan(id * C, C).ToArray()).ToArray();
        for (int l = 0; l < L; l++)
        {
            string n = $"layers.{l}.";
            var a = x.Select(r => RmsNorm(r, W(p, n + "input_layernorm.weight"), eps)).ToArray();
            var qkv = a.Select(r => Linear(r, W(p, n + "self_attn.qkv.weight"), null, 3 * C)).ToArray();
            for (int t = 0; t < T; t++)
                for (int h = 0; h < NH; h++)
                {
                    Rotate(qkv[t], h * HS, t);
                    Rotate(qkv[t], C + h * HS, t);
                }
            var y = Attend(qkv, causal, valid);
            x = Add(x, y.Select(r => Linear(r, W(p, n + "self_attn.o_proj.weight"), null, C)).ToArray());
            var m = x.Select(r => RmsNorm(r, W(p, n + "post_attention_layernorm.weight"), eps)).ToArray();
            var gu = m.Select(r => Linear(r, W(p, n + "mlp.gate_up.weight"), null, 2 * H)).ToArray();
            var hid = gu.Select(r => Enumerable.Range(0, H).Select(i => r[i] / (1 + Math.Exp(-r[i])) * r[H + i]).ToArray()).ToArray();
            x = Add(x, hid.Select(r => Linear(r, W(p, n + "mlp.down_proj.weight"), null, C)).ToArray());
        }
        var f = x.Select(r => RmsNorm(r, W(p, "norm.weight"), eps)).ToArray();
        var outW = config.TieEmbeddings ? wte : W(p, "lm_head");
        return f.Select(r => Linear(r, outW, null, vocab)).ToArray();
    }

    private void Rotate(double[] row, int offset, int pos)
    {
        for (int i = 0; i < HS / 2; i++)
        {
            double freq = Math.Pow(config.RopeTheta, -2.0 * i / HS);
            double angle = pos * freq, cos = Math.Cos(angle), sin = Math.Sin(angle);
            int a = ropeInterleaved ? offset + 2 * i : offset + i;
            int b = ropeInterleaved ? offset + 2 * i + 1 : offset + i + HS / 2;
            double x0 = row[a], x1 = row[b];
            row[a] = x0 * cos - x1 * sin;
            row[b] = x0 * sin + x1 * cos;
        }
    }

    /// <summary>Scaled dot-product attention per head; keys ≥ valid are masked; query rows ≥ valid give 0.</summary>
    private double[][] Attend(double[][] qkv, bool causal, int valid)
    {
        int T = qkv.Length;
        var y = new double[T][];
        for (int t = 0; t < T; t++)
        {
            y[t] = new double[C];
            if (t >= valid) continue;
            for (int h = 0; h < NH; h++)
            {
                var scores = new List<(int Key, double S)>();
                for (int s = 0; s < valid; s++)
                {
                    if (causal && s > t) break;
                    double dot = 0;
                    for (int d = 0; d < HS; d++) dot += qkv[t][h * HS + d] * qkv[s][C + h * HS + d];
                    scores.Add((s, dot / Math.Sqrt(HS)));
                }
                double max = scores.Max(z => z.S);
                double sum = scores.Sum(z => Math.Exp(z.S - max));
                foreach (var (s, sc) in scores)
                {
                    double w = Math.Exp(sc - max) / sum;
                    for (int d = 0; d < HS; d++) y[t][h * HS + d] += w * qkv[s][2 * C + h * HS + d];
                }
            }
        }
        return y;
    }

    private static double[] Linear(double[] x, double[] w, double[]? b, int outDim)
    {
        int inDim = x.Length;
        var y = new double[outDim];
        for (int o = 0; o < outDim; o++)
        {
            double s = b?[o] ?? 0;
            for (int i = 0; i < inDim; i++) s += w[o * inDim + i] * x[i];
            y[o] = s;
        }
        return y;
    }

    private double[] LayerNorm(double[] x, double[] w, double[] b)
    {
        double mean = x.Average();
        double var = x.Sum(v => (v - mean) * (v - mean)) / x.Length;
        double r = 1 / Math.Sqrt(var + 1e-5);
        return x.Select((v, i) => (v - mean) * r * w[i] + b[i]).ToArray();
    }

    private static double[] RmsNorm(double[] x, double[] w, double eps)
    {
        double r = 1 / Math.Sqrt(x.Sum(v => v * v) / x.Length + eps);
        return x.Select((v, i) => v * r * w[i]).ToArray();
    }

    private static double GeluTanh(double x) => 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));

    private static double[][] Add(double[][] a, double[][] b) => a.Select((r, t) => r.Select((v, i) => v + b[t][i]).ToArray()).ToArray();
}
