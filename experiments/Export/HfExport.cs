// Export to the Hugging Face layout: model.safetensors + config.json (+ tokenizer.json beside them),
// with GPT-2 (GPT2LMHeadModel), LLaMA (LlamaForCausalLM) or RoBERTa (RobertaForMaskedLM, for arch
// bert) tensor names, so `transformers` and the official BabyLM evaluation pipeline can load them.
// Masked-LM variants of gpt and llama keep those names with "babylm": {"objective": "mlm", "causal":
// false} in config.json: their attention is bidirectional, which the Hugging Face GPT-2/LLaMA classes
// do not model (our numpy reference does); arch bert is the masked LM that transformers loads as is.
// Our RoPE uses the "rotate half" pairing of Hugging Face LLaMA, so q/k weights need no permutation.
using System.Text.Json.Nodes;
using BabyLm.Core;
using BabyLm.Corpus.Tokenization;
using BabyLm.Engine.Kernels;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Export;

/// <summary>Which run and checkpoint an export came from (recorded in config.json under "babylm").</summary>
public sealed record ExportSource(string RunDir, string ConfigHash, long Step, long WordsSeen);

public static class HfExport
{
    /// <summary>The files an export writes; only these are ever replaced in the output folder.</summary>
    public static readonly IReadOnlyList<string> Files = ["model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json"];

    /// <summary>
    /// Refuses to overwrite the export of another model: a folder holding any of <see cref="Files"/> is replaced
    /// only when its config.json names the same run config (a newer checkpoint of the same run), or with
    /// <paramref name="force"/>. Other files in the folder are never touched. Writes nothing.
    /// </summary>
    public static void CheckTarget(string outDir, string configHash, bool force)
    {
        InputPath.OutputFolder(outDir, "--out");
        if (force || !Directory.Exists(outDir)) return;
        var present = Files.Where(f => File.Exists(Path.Combine(outDir, f))).ToList();
        if (present.Count == 0) return;
        string? existing = null;
        try
        {
            var config = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "config.json")));
            existing = (string?)config?["babylm"]?["config_hash"];
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
        }
        if (existing == configHash) return;
        throw new BabyLmException(
            $"--out '{outDir}' already holds {string.Join(", ", present)} of {(existing is null ? "a model this run did not export" : $"another model (config {existing[..Math.Min(10, existing.Length)]})")}: not overwritten",
            "choose another --out, or pass --force to replace those files (other files in the folder are kept)");
    }

    public static void Write(ILanguageModel model, RunConfig config, string outDir, string tokenizerPath, ExportSource? source = null)
    {
        Directory.CreateDirectory(outDir);
        var parameters = model.ReadParameters();
        var tensors = config.Model.Arch switch
        {
            "gpt" => Gpt2Tensors(model, parameters),
            "llama" => LlamaTensors(model, parameters),
            "bert" => RobertaTensors(model, parameters),
            _ => throw new BabyLmException($"no Hugging Face export for arch '{config.Model.Arch}'"),
        };
        Safetensors.Write(Path.Combine(outDir, "model.safetensors"), tensors, new Dictionary<string, string>
        {
            ["babylm_commit"] = Runs.Provenance.ToolCommit,
        });
        AtomicFile.Copy(tokenizerPath, Path.Combine(outDir, "tokenizer.json"));
        AtomicFile.WriteAllText(Path.Combine(outDir, "tokenizer_config.json"), new JsonObject
        {
            ["tokenizer_class"] = "PreTrainedTokenizerFast",
            ["bos_token"] = "<s>", ["eos_token"] = "</s>", ["unk_token"] = "<unk>", ["pad_token"] = "<pad>", ["mask_token"] = "<mask>",
            ["model_max_length"] = config.Model.Context,
        }.ToJsonString(Safetensors.Indented));
        // Last: config.json names the export, so a folder killed half-way is not taken for a whole one of this run.
        AtomicFile.WriteAllText(Path.Combine(outDir, "config.json"), ConfigJson(model, config, source).ToJsonString(Safetensors.Indented));
    }

    private static float[] Slice(float[] parameters, ParameterTensor t) => parameters.AsSpan((int)t.Offset, (int)t.Size).ToArray();

    /// <summary>Rows [from, from+count) of a row-major [rows, cols] tensor.</summary>
    private static float[] Rows(float[] data, int cols, int from, int count) => data.AsSpan(from * cols, count * cols).ToArray();

    private static float[] Transpose(float[] data, int rows, int cols)
    {
        var t = new float[data.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = data[r * cols + c];
        return t;
    }

    private static List<NamedTensor> Gpt2Tensors(ILanguageModel m, float[] p)
    {
        var cfg = m.Config;
        int C = cfg.Width, H = cfg.HiddenSize;
        var lay = m.Layout;
        var list = new List<NamedTensor>
        {
            new("transformer.wte.weight", [m.VocabSize, C], Slice(p, lay["wte"])),
            new("transformer.wpe.weight", [cfg.Context, C], Slice(p, lay["wpe"])),
        };
        for (int l = 0; l < cfg.Layers; l++)
        {
            string s = $"h.{l}.", d = $"transformer.h.{l}.";
            // Conv1D stores [in, out]: our [out, in] weights are transposed.
            list.Add(new(d + "ln_1.weight", [C], Slice(p, lay[s + "ln_1.weight"])));
            list.Add(new(d + "ln_1.bias", [C], Slice(p, lay[s + "ln_1.bias"])));
            list.Add(new(d + "attn.c_attn.weight", [C, 3 * C], Transpose(Slice(p, lay[s + "attn.qkv.weight"]), 3 * C, C)));
            list.Add(new(d + "attn.c_attn.bias", [3 * C], Slice(p, lay[s + "attn.qkv.bias"])));
            list.Add(new(d + "attn.c_proj.weight", [C, C], Transpose(Slice(p, lay[s + "attn.proj.weight"]), C, C)));
            list.Add(new(d + "attn.c_proj.bias", [C], Slice(p, lay[s + "attn.proj.bias"])));
            list.Add(new(d + "ln_2.weight", [C], Slice(p, lay[s + "ln_2.weight"])));
            list.Add(new(d + "ln_2.bias", [C], Slice(p, lay[s + "ln_2.bias"])));
            list.Add(new(d + "mlp.c_fc.weight", [C, H], Transpose(Slice(p, lay[s + "mlp.fc.weight"]), H, C)));
            list.Add(new(d + "mlp.c_fc.bias", [H], Slice(p, lay[s + "mlp.fc.bias"])));
            list.Add(new(d + "mlp.c_proj.weight", [H, C], Transpose(Slice(p, lay[s + "mlp.proj.weight"]), C, H)));
            list.Add(new(d + "mlp.c_proj.bias", [C], Slice(p, lay[s + "mlp.proj.bias"])));
        }
        list.Add(new("transformer.ln_f.weight", [C], Slice(p, lay["ln_f.weight"])));
        list.Add(new("transformer.ln_f.bias", [C], Slice(p, lay["ln_f.bias"])));
        return list;
    }

    private static List<NamedTensor> LlamaTensors(ILanguageModel m, float[] p)
    {
        var cfg = m.Config;
        int C = cfg.Width, H = cfg.HiddenSize;
        var lay = m.Layout;
        var list = new List<NamedTensor> { new("model.embed_tokens.weight", [m.VocabSize, C], Slice(p, lay["embed_tokens"])) };
        for (int l = 0; l < cfg.Layers; l++)
        {
            string s = $"layers.{l}.", d = $"model.layers.{l}.";
            var qkv = Slice(p, lay[s + "self_attn.qkv.weight"]);
            var gu = Slice(p, lay[s + "mlp.gate_up.weight"]);
            list.Add(new(d + "input_layernorm.weight", [C], Slice(p, lay[s + "input_layernorm.weight"])));
            list.Add(new(d + "self_attn.q_proj.weight", [C, C], Rows(qkv, C, 0, C)));
            list.Add(new(d + "self_attn.k_proj.weight", [C, C], Rows(qkv, C, C, C)));
            list.Add(new(d + "self_attn.v_proj.weight", [C, C], Rows(qkv, C, 2 * C, C)));
            list.Add(new(d + "self_attn.o_proj.weight", [C, C], Slice(p, lay[s + "self_attn.o_proj.weight"])));
            list.Add(new(d + "post_attention_layernorm.weight", [C], Slice(p, lay[s + "post_attention_layernorm.weight"])));
            list.Add(new(d + "mlp.gate_proj.weight", [H, C], Rows(gu, C, 0, H)));
            list.Add(new(d + "mlp.up_proj.weight", [H, C], Rows(gu, C, H, H)));
            list.Add(new(d + "mlp.down_proj.weight", [C, H], Slice(p, lay[s + "mlp.down_proj.weight"])));
        }
        list.Add(new("model.norm.weight", [C], Slice(p, lay["norm.weight"])));
        if (!cfg.TieEmbeddings) list.Add(new("lm_head.weight", [m.VocabSize, C], Slice(p, lay["lm_head"])));
        return list;
    }

    private static List<NamedTensor> RobertaTensors(ILanguageModel m, float[] p)
    {
        var cfg = m.Config;
        int C = cfg.Width, H = cfg.HiddenSize, T = cfg.Context;
        var lay = m.Layout;
        // RoBERTa counts positions from padding_idx + 1 (pad id 0 here): row 0 is the padding row, ours start at row 1.
        var positions = new float[(T + 1) * C];
        Slice(p, lay["embeddings.position_embeddings"]).CopyTo(positions, C);
        var list = new List<NamedTensor>
        {
            new("roberta.embeddings.word_embeddings.weight", [m.VocabSize, C], Slice(p, lay["embeddings.word_embeddings"])),
            new("roberta.embeddings.position_embeddings.weight", [T + 1, C], positions),
            new("roberta.embeddings.token_type_embeddings.weight", [1, C], new float[C]),
            new("roberta.embeddings.LayerNorm.weight", [C], Slice(p, lay["embeddings.LayerNorm.weight"])),
            new("roberta.embeddings.LayerNorm.bias", [C], Slice(p, lay["embeddings.LayerNorm.bias"])),
        };
        for (int l = 0; l < cfg.Layers; l++)
        {
            string s = $"encoder.layer.{l}.", d = $"roberta.encoder.layer.{l}.";
            var qkv = Slice(p, lay[s + "attention.self.qkv.weight"]);
            var qkvb = Slice(p, lay[s + "attention.self.qkv.bias"]);
            string[] parts = ["query", "key", "value"];
            for (int i = 0; i < 3; i++)
            {
                list.Add(new(d + $"attention.self.{parts[i]}.weight", [C, C], Rows(qkv, C, i * C, C)));
                list.Add(new(d + $"attention.self.{parts[i]}.bias", [C], qkvb.AsSpan(i * C, C).ToArray()));
            }
            foreach (var (name, shape) in new (string, int[])[]
            {
                ("attention.output.dense.weight", [C, C]), ("attention.output.dense.bias", [C]),
                ("attention.output.LayerNorm.weight", [C]), ("attention.output.LayerNorm.bias", [C]),
                ("intermediate.dense.weight", [H, C]), ("intermediate.dense.bias", [H]),
                ("output.dense.weight", [C, H]), ("output.dense.bias", [C]),
                ("output.LayerNorm.weight", [C]), ("output.LayerNorm.bias", [C]),
            })
                list.Add(new(d + name, shape, Slice(p, lay[s + name])));
        }
        foreach (var (name, shape) in new (string, int[])[]
        {
            ("lm_head.dense.weight", [C, C]), ("lm_head.dense.bias", [C]),
            ("lm_head.layer_norm.weight", [C]), ("lm_head.layer_norm.bias", [C]), ("lm_head.bias", [m.VocabSize]),
        })
            list.Add(new(name, shape, Slice(p, lay[name])));
        return list;
    }

    private static JsonObject ConfigJson(ILanguageModel m, RunConfig run, ExportSource? source)
    {
        var c = run.Model;
        var babylm = new JsonObject
        {
            ["objective"] = run.Objective.Kind, ["causal"] = run.Objective.Kind == "clm", ["arch"] = c.Arch,
            ["tool_commit"] = Runs.Provenance.ToolCommit, ["seed"] = run.Seed,
        };
        if (source is not null)
        {
            babylm["config_hash"] = source.ConfigHash;
            babylm["run"] = source.RunDir;
            babylm["step"] = source.Step;
            babylm["words_seen"] = source.WordsSeen;
        }
        JsonObject common = new()
        {
            ["vocab_size"] = m.VocabSize,
            ["bos_token_id"] = BpeTokenizer.BosId, ["eos_token_id"] = BpeTokenizer.EosId, ["pad_token_id"] = BpeTokenizer.PadId,
            ["torch_dtype"] = "float32",
            ["babylm"] = babylm,
        };
        var specific = c.Arch switch
        {
            "gpt" => new JsonObject
            {
                ["architectures"] = new JsonArray("GPT2LMHeadModel"), ["model_type"] = "gpt2",
                ["n_positions"] = c.Context, ["n_ctx"] = c.Context, ["n_embd"] = c.Width, ["n_layer"] = c.Layers, ["n_head"] = c.Heads,
                ["n_inner"] = c.HiddenSize, ["activation_function"] = "gelu_new", ["layer_norm_epsilon"] = LayerNorm.Eps,
                ["resid_pdrop"] = 0.0, ["embd_pdrop"] = 0.0, ["attn_pdrop"] = 0.0, ["tie_word_embeddings"] = true,
            },
            "llama" => new JsonObject
            {
                ["architectures"] = new JsonArray("LlamaForCausalLM"), ["model_type"] = "llama",
                ["hidden_size"] = c.Width, ["intermediate_size"] = c.HiddenSize, ["num_hidden_layers"] = c.Layers,
                ["num_attention_heads"] = c.Heads, ["num_key_value_heads"] = c.Heads, ["head_dim"] = c.HeadSize,
                ["max_position_embeddings"] = c.Context, ["rms_norm_eps"] = RmsNorm.Eps, ["rope_theta"] = c.RopeTheta,
                ["hidden_act"] = "silu", ["attention_bias"] = false, ["mlp_bias"] = false, ["tie_word_embeddings"] = c.TieEmbeddings,
            },
            _ => new JsonObject
            {
                ["architectures"] = new JsonArray(run.Objective.Kind == "mlm" ? "RobertaForMaskedLM" : "RobertaForCausalLM"),
                ["model_type"] = "roberta", ["is_decoder"] = run.Objective.Kind == "clm",
                ["hidden_size"] = c.Width, ["intermediate_size"] = c.HiddenSize, ["num_hidden_layers"] = c.Layers,
                ["num_attention_heads"] = c.Heads, ["hidden_act"] = "gelu_new", ["max_position_embeddings"] = c.Context + 1,
                ["type_vocab_size"] = 1, ["layer_norm_eps"] = LayerNorm.Eps, ["position_embedding_type"] = "absolute",
                ["hidden_dropout_prob"] = 0.0, ["attention_probs_dropout_prob"] = 0.0, ["tie_word_embeddings"] = true,
            },
        };
        foreach (var (k, v) in specific) common[k] = v?.DeepClone();
        return common;
    }
}
