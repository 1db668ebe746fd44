// Sentence scores for minimal pairs. Causal models: the sum of log p(token | <s>, previous tokens) over
// every token of the sentence (the first word is scored: <s> is always prepended). Masked models: the
// pseudo-log-likelihood — each token masked in turn — or its within_word_l2r variant (Kauf & Ivanova
// 2023), which also masks the later pieces of the same word. Logits in float32, sums in double.
// Sentences are deduplicated, sorted by length and batched; a sentence's score does not depend on the
// batch it lands in (every kernel computes each row independently), nor on the thread count.
using BabyLm.Corpus.Text;
using BabyLm.Corpus.Tokenization;
using BabyLm.Engine;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Evaluation;

/// <summary>Scores sentences: higher means more probable.</summary>
public interface ISentenceScorer
{
    /// <summary>e.g. "clm-sum", "mlm-pll-l2r-mean", "bigram".</summary>
    string Name { get; }

    /// <summary>Score of each sentence, and its length in tokens (words for n-gram models).</summary>
    (double[] Scores, int[] Tokens) Score(IReadOnlyList<string> sentences);
}

public enum PllVariant { Original, WithinWordL2R }

public sealed record ScorerOptions
{
    /// <summary>Mean log-probability per token instead of the sum.</summary>
    public bool Mean { get; init; }
    public PllVariant Pll { get; init; } = PllVariant.Original;
    /// <summary>Upper bound on rows × length per forward pass.</summary>
    public int MaxBatchTokens { get; init; } = 4096;

    public string Describe(bool causal) => (causal ? "clm" : Pll == PllVariant.Original ? "mlm-pll" : "mlm-pll-l2r") + (Mean ? "-mean" : "-sum");
}

public sealed class ModelSentenceScorer : ISentenceScorer
{
    private readonly ILanguageModel _model;
    private readonly BpeTokenizer _tokenizer;
    private readonly bool _causal;
    private readonly ScorerOptions _options;

    public ModelSentenceScorer(ILanguageModel model, BpeTokenizer tokenizer, bool causal, ScorerOptions? options = null)
    {
        _model = model;
        _tokenizer = tokenizer;
        _causal = causal;
        _options = options ?? new ScorerOptions();
    }

    public string Name => _options.Describe(_causal);

    /// <summary>One forward row: input ids (unpadded) and which positions' targets count for which sentence.</summary>
    private readonly record struct Row(int Sentence, int[] Inputs, int[] Targets);

    public (double[] Scores, int[] Tokens) Score(IReadOnlyList<string> sentences)
    {
        var unique = sentences.Distinct(StringComparer.Ordinal).ToList();
        var index = unique.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        var ids = unique.Select(s => _tokenizer.Encode(s)).ToArray();
        for (int i = 0; i < ids.Length; i++)
            if (ids[i].Length == 0) throw new BabyLmException($"the sentence \"{unique[i]}\" tokenizes to nothing", "probe sentences must contain text");

        var rows = new List<Row>();
        for (int s = 0; s < ids.Length; s++) rows.AddRange(_causal ? CausalRows(s, ids[s]) : MaskedRows(s, unique[s], ids[s]));
        var sums = new double[unique.Count];
        // Sorted by length keeps padding low; which rows share a batch does not change any row's result.
        var order = Enumerable.Range(0, rows.Count).OrderBy(r => rows[r].Inputs.Length).ThenBy(r => r).ToArray();
        int start = 0;
        while (start < order.Length)
        {
            int T = rows[order[start]].Inputs.Length;
            int end = start;
            while (end < order.Length && (end - start + 1) * Math.Max(T, rows[order[end]].Inputs.Length) <= _options.MaxBatchTokens)
            {
                T = Math.Max(T, rows[order[end]].Inputs.Length);
                end++;
            }
            if (end == start) end = start + 1;
            RunBatch(rows, order.AsSpan(start, end - start), T, sums);
            start = end;
        }
        var result = new double[sentences.Count];
        var tokens = new int[sentences.Count];
        for (int i = 0; i < sentences.Count; i++)
        {
            int u = index[sentences[i]];
            tokens[i] = ids[u].Length;
            result[i] = _options.Mean ? sums[u] / ids[u].Length : sums[u];
        }
        return (result, tokens);
    }

    private void RunBatch(List<Row> rows, ReadOnlySpan<int> members, int T, double[] sums)
    {
        var batch = new Batch(members.Length, T);
        Array.Fill(batch.Inputs, BpeTokenizer.PadId);
        Array.Fill(batch.Targets, Batch.Ignore);
        for (int r = 0; r < members.Length; r++)
        {
            var row = rows[members[r]];
            row.Inputs.CopyTo(batch.Inputs, r * T);
            row.Targets.CopyTo(batch.Targets, r * T);
            batch.ValidLengths[r] = row.Inputs.Length;
            if (row.Inputs.Length < T) batch.Padded = true;
        }
        batch.TargetCount = batch.Targets.Count(t => t != Batch.Ignore);
        var logProbs = new float[members.Length * T];
        _model.TargetLogProbs(batch, _causal, logProbs);
        for (int r = 0; r < members.Length; r++)
        {
            double sum = 0;
            for (int t = 0; t < T; t++)
                if (batch.Targets[r * T + t] != Batch.Ignore) sum += logProbs[r * T + t];
            sums[rows[members[r]].Sentence] += sum;
        }
    }

    /// <summary>
    /// "&lt;s&gt; t1 … tn" predicting t1 … tn. A sentence longer than the context is scored in windows
    /// that overlap by half a context; each token is counted once, with the longest left context available.
    /// </summary>
    private IEnumerable<Row> CausalRows(int sentence, int[] ids)
    {
        int context = _model.Config.Context;
        var seq = new int[ids.Length + 1];
        seq[0] = BpeTokenizer.BosId;
        ids.CopyTo(seq, 1);
        int n = seq.Length; // predict seq[1..n-1]
        int scoredUpTo = 0;  // targets at positions ≤ scoredUpTo are done (position = index in seq)
        int startPos = 0;
        while (scoredUpTo < n - 1)
        {
            int len = Math.Min(context, n - 1 - startPos);
            var inputs = seq.AsSpan(startPos, len).ToArray();
            var targets = new int[len];
            for (int t = 0; t < len; t++)
            {
                int pos = startPos + t + 1;
                targets[t] = pos > scoredUpTo ? seq[pos] : Batch.Ignore;
            }
            yield return new Row(sentence, inputs, targets);
            scoredUpTo = startPos + len;
            startPos += Math.Max(1, context / 2);
        }
    }

    /// <summary>"&lt;s&gt; t1 … tn &lt;/s&gt;" once per token, that token masked (and, for l2r, the later pieces of its word).</summary>
    private IEnumerable<Row> MaskedRows(int sentence, string text, int[] ids)
    {
        int n = ids.Length;
        if (n + 2 > _model.Config.Context)
            throw new BabyLmException($"the sentence \"{text}\" has {n} tokens; a masked model with context {_model.Config.Context} scores at most {_model.Config.Context - 2}");
        var words = _options.Pll == PllVariant.WithinWordL2R ? WordIndex(ids) : null;
        for (int i = 0; i < n; i++)
        {
            var inputs = new int[n + 2];
            inputs[0] = BpeTokenizer.BosId;
            ids.CopyTo(inputs, 1);
            inputs[n + 1] = BpeTokenizer.EosId;
            inputs[i + 1] = BpeTokenizer.MaskId;
            if (words is not null)
                for (int j = i + 1; j < n && words[j] == words[i]; j++) inputs[j + 1] = BpeTokenizer.MaskId;
            var targets = new int[n + 2];
            Array.Fill(targets, Batch.Ignore);
            targets[i + 1] = ids[i];
            yield return new Row(sentence, inputs, targets);
        }
    }

    /// <summary>The whitespace word each token belongs to (a token holding only spaces joins the next word).</summary>
    internal int[] WordIndex(int[] ids)
    {
        var result = new int[ids.Length];
        int word = -1;
        bool inWord = false;
        for (int t = 0; t < ids.Length; t++)
        {
            var bytes = _tokenizer.TokenBytes(ids[t]);
            int first = -1;
            for (int k = 0; k < bytes.Length; k++)
            {
                bool space = Words.SpaceLength(bytes[k..]) > 0;
                if (!space && !inWord) { word++; if (first < 0) first = word; }
                inWord = !space;
            }
            result[t] = first >= 0 ? first : Math.Max(0, word + (inWord ? 0 : 1));
        }
        return result;
    }
}
