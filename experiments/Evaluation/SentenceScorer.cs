// Scores of candidate texts on their completions (the whole text for a minimal pair's sentence).
// Causal models: the sum of log p(token | preceding tokens) over the completion's tokens. The text is
// tokenized whole, as the official pipeline does, and a token belongs to the completion when it ends
// after the completion starts (so " the" of "contains" + " the apple" is scored, and a token straddling
// the boundary is too). Honest default: <s> is always prepended, so a completion at the start of the
// text has its first token scored. Official BOS rule (--ties babylm): only what the tokenizer itself
// adds — ours adds no special tokens, like GPT-2's — so the first token of the text is context, never
// scored. Masked models: the pseudo-log-likelihood — each completion token masked in turn, the rest of
// the text visible — or its within_word_l2r variant (Kauf & Ivanova 2023), which also masks the later
// pieces of the same word; framed by <s> … </s> by default, unframed under the official rule. Logits
// in float32, sums in double. Candidates are deduplicated, sorted by length and batched; a candidate's
// score does not depend on the batch it lands in (every kernel computes each row independently), nor
// on the thread count.
using System.Text;
using BabyLm.Corpus.Text;
using BabyLm.Corpus.Tokenization;
using BabyLm.Corpus.ZeroShot;
using BabyLm.Engine;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Evaluation;

/// <summary>Scores candidates: higher means more probable.</summary>
public interface ISentenceScorer
{
    /// <summary>e.g. "clm-sum", "mlm-pll-l2r-mean", "clm-sum-nobos", "bigram".</summary>
    string Name { get; }

    /// <summary>Score of each candidate's completion given what precedes it, and how many tokens (words for n-gram models) were scored.</summary>
    (double[] Scores, int[] Tokens) Score(IReadOnlyList<Candidate> candidates);
}

public static class SentenceScorers
{
    /// <summary>Whole sentences: each scored from its first token.</summary>
    public static (double[] Scores, int[] Tokens) Score(this ISentenceScorer scorer, IReadOnlyList<string> sentences)
        => scorer.Score(sentences.Select(s => new Candidate(s)).ToList());
}

public enum PllVariant { Original, WithinWordL2R }

/// <summary>How the start of a text is framed: the honest rule (always &lt;s&gt;) or the official pipeline's (only what the tokenizer adds).</summary>
public enum BosRule { Always, Tokenizer }

public sealed record ScorerOptions
{
    /// <summary>Mean log-probability per token instead of the sum.</summary>
    public bool Mean { get; init; }
    public PllVariant Pll { get; init; } = PllVariant.Original;
    /// <summary>Upper bound on rows × length per forward pass.</summary>
    public int MaxBatchTokens { get; init; } = 4096;
    /// <summary>Always: &lt;s&gt; before every text (masked: &lt;s&gt; … &lt;/s&gt;). Tokenizer: none, as the official pipeline reads our tokenizer.</summary>
    public BosRule Bos { get; init; } = BosRule.Always;

    /// <summary>The scorer settings of a tie mode: babylm is the official pipeline's scoring, BOS rule included.</summary>
    public static ScorerOptions For(TieMode ties) => new() { Bos = ties == TieMode.Babylm ? BosRule.Tokenizer : BosRule.Always };

    public string Describe(bool causal) => (causal ? "clm" : Pll == PllVariant.Original ? "mlm-pll" : "mlm-pll-l2r") + (Mean ? "-mean" : "-sum")
        + (Bos == BosRule.Tokenizer ? "-nobos" : "");
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

    /// <summary>One forward row: input ids (unpadded) and which positions' targets count for which candidate.</summary>
    private readonly record struct Row(int Sentence, int[] Inputs, int[] Targets);

    public (double[] Scores, int[] Tokens) Score(IReadOnlyList<Candidate> candidates)
    {
        var unique = candidates.Distinct().ToList();
        var index = unique.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var ids = unique.Select(c => _tokenizer.Encode(c.Text)).ToArray();
        var first = new int[unique.Count];
        var scored = new int[unique.Count];
        var rows = new List<Row>();
        for (int s = 0; s < ids.Length; s++)
        {
            var c = unique[s];
            if (ids[s].Length == 0) throw new BabyLmException($"the sentence \"{c.Text}\" tokenizes to nothing", "probe sentences must contain text");
            first[s] = FirstCompletionToken(c, ids[s]);
            if (first[s] >= ids[s].Length)
                throw new BabyLmException($"the completion \"{c.Completion}\" of \"{c.Text}\" tokenizes to nothing", "every candidate needs text to score");
            // Under the official rule nothing precedes the first token, so it cannot be scored.
            int from = _options.Bos == BosRule.Tokenizer ? Math.Max(first[s], 1) : first[s];
            scored[s] = ids[s].Length - from;
            if (scored[s] > 0) rows.AddRange(_causal ? CausalRows(s, ids[s], from) : MaskedRows(s, c.Text, ids[s], from));
        }
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
        var result = new double[candidates.Count];
        var tokens = new int[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            int u = index[candidates[i]];
            tokens[i] = scored[u];
            result[i] = _options.Mean ? (scored[u] == 0 ? 0 : sums[u] / scored[u]) : sums[u];
        }
        return (result, tokens);
    }

    /// <summary>
    /// Index of the first token that ends after the completion starts (byte offsets of the UTF-8 text:
    /// the byte-level tokens concatenate to it exactly) — the pipeline's "token overlaps the completion's span".
    /// </summary>
    internal int FirstCompletionToken(Candidate c, int[] ids)
    {
        if (c.CompletionStart == 0) return 0;
        int startByte = Encoding.UTF8.GetByteCount(c.Text.AsSpan(0, c.CompletionStart));
        int end = 0;
        for (int t = 0; t < ids.Length; t++)
        {
            end += _tokenizer.TokenBytes(ids[t]).Length;
            if (end > startByte) return t;
        }
        return ids.Length;
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
    /// "&lt;s&gt; t1 … tn" (honest) or "t1 … tn" (official rule) predicting the tokens from <paramref name="from"/>
    /// on. A text longer than the context is scored in windows that overlap by half a context; each
    /// token is counted once, with the longest left context available; windows before the completion are skipped.
    /// </summary>
    private IEnumerable<Row> CausalRows(int sentence, int[] ids, int from)
    {
        int context = _model.Config.Context;
        bool bos = _options.Bos == BosRule.Always;
        var seq = new int[ids.Length + (bos ? 1 : 0)];
        if (bos) seq[0] = BpeTokenizer.BosId;
        ids.CopyTo(seq, bos ? 1 : 0);
        int firstTarget = from + (bos ? 1 : 0); // position in seq of the first scored token
        int n = seq.Length; // predict seq[1..n-1]
        int scoredUpTo = 0;  // targets at positions ≤ scoredUpTo are done (position = index in seq)
        int startPos = 0;
        while (scoredUpTo < n - 1)
        {
            int len = Math.Min(context, n - 1 - startPos);
            if (startPos + len >= firstTarget)
            {
                var inputs = seq.AsSpan(startPos, len).ToArray();
                var targets = new int[len];
                for (int t = 0; t < len; t++)
                {
                    int pos = startPos + t + 1;
                    targets[t] = pos > scoredUpTo && pos >= firstTarget ? seq[pos] : Batch.Ignore;
                }
                yield return new Row(sentence, inputs, targets);
            }
            scoredUpTo = startPos + len;
            startPos += Math.Max(1, context / 2);
        }
    }

    /// <summary>
    /// "&lt;s&gt; t1 … tn &lt;/s&gt;" (honest) or "t1 … tn" (official rule) once per completion token, that token
    /// masked (and, for l2r, the later pieces of its word).
    /// </summary>
    private IEnumerable<Row> MaskedRows(int sentence, string text, int[] ids, int from)
    {
        int n = ids.Length;
        int frame = _options.Bos == BosRule.Always ? 1 : 0;
        if (n + 2 * frame > _model.Config.Context)
            throw new BabyLmException($"the sentence \"{text}\" has {n} tokens; a masked model with context {_model.Config.Context} scores at most {_model.Config.Context - 2 * frame}");
        var words = _options.Pll == PllVariant.WithinWordL2R ? WordIndex(ids) : null;
        for (int i = from; i < n; i++)
        {
            var inputs = new int[n + 2 * frame];
            if (frame == 1)
            {
                inputs[0] = BpeTokenizer.BosId;
                inputs[n + 1] = BpeTokenizer.EosId;
            }
            ids.CopyTo(inputs, frame);
            inputs[i + frame] = BpeTokenizer.MaskId;
            if (words is not null)
                for (int j = i + 1; j < n && words[j] == words[i]; j++) inputs[j + frame] = BpeTokenizer.MaskId;
            var targets = new int[n + 2 * frame];
            Array.Fill(targets, Batch.Ignore);
            targets[i + frame] = ids[i];
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
