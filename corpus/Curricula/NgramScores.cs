// Perplexity of each utterance under a token n-gram model fit on the whole train split (the split it
// scores: a curriculum ranks the data it trains on). Score = exp(−(1/T)·Σ ln p(t_i | history)) over the
// utterance's T tokens; no end-of-utterance token is predicted.
//   unigram  p(w) = (c(w) + 1) / (N + V)                             add-one over the vocabulary V
//   bigram   p(w | h) = max(c(h,w) − D, 0)/c(h) + D·n(h)/c(h) · p_uni(w)   interpolated absolute
//            discounting (D = 0.75, n(h) = distinct successors of h); the history of the first token
//            is <s>. Exactly normalised over the vocabulary for every seen history.
// The fast versions count in parallel over fixed ranges (bigrams by a counting sort on the history,
// then a sort of each history's successors, looked up by binary search); the reference versions are
// dictionaries, written as plainly as possible, for tests and the benchmark's check.
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Curricula;

public static class NgramScores
{
    public const double Discount = 0.75;

    /// <summary>Unigram perplexity of every utterance of <paramref name="shard"/>.</summary>
    public static double[] Unigram(TokenShard shard, int threads = 0)
    {
        var logp = UnigramLogProbs(UnigramCounts(shard, threads), shard.VocabSize);
        return ShardScan.Score(shard, threads, (_, tokens) =>
        {
            double sum = 0;
            foreach (int t in tokens) sum += logp[t];
            return Math.Exp(-sum / tokens.Length);
        });
    }

    /// <summary>Bigram perplexity of every utterance of <paramref name="shard"/>.</summary>
    public static double[] Bigram(TokenShard shard, int threads = 0)
    {
        int vocab = shard.VocabSize;
        var counts = UnigramCounts(shard, threads);
        double den = (double)counts.Sum() + vocab;
        var uni = counts.Select(c => (c + 1.0) / den).ToArray();
        var model = BigramTable.Build(shard, threads);
        return ShardScan.Score(shard, threads, (_, tokens) =>
        {
            double sum = 0;
            int h = BpeTokenizer.BosId;
            foreach (int w in tokens)
            {
                sum += model.LogProb(h, w, uni[w]);
                h = w;
            }
            return Math.Exp(-sum / tokens.Length);
        });
    }

    internal static long[] UnigramCounts(TokenShard shard, int threads)
    {
        int vocab = shard.VocabSize;
        int parts = ShardScan.Parts(shard.Count, threads);
        var perPart = new long[parts][];
        ShardScan.ForParts(shard.Count, parts, threads, (p, from, to) =>
        {
            var c = perPart[p] = new long[vocab];
            ShardScan.Utterances(shard, from, to, (_, tokens) => { foreach (int t in tokens) c[t]++; });
        });
        var counts = new long[vocab];
        foreach (var c in perPart) for (int t = 0; t < vocab; t++) counts[t] += c[t];
        return counts;
    }

    internal static double[] UnigramLogProbs(long[] counts, int vocab)
    {
        long total = 0;
        foreach (long c in counts) total += c;
        double logDen = Math.Log((double)total + vocab);
        var logp = new double[vocab];
        for (int t = 0; t < vocab; t++) logp[t] = Math.Log(counts[t] + 1.0) - logDen;
        return logp;
    }

    /// <summary>
    /// Bigram counts grouped by history: for history h, its distinct successors (ascending) are
    /// Successors[Start[h] .. Start[h] + Distinct[h]) with their counts at the same places in Counts.
    /// </summary>
    private sealed class BigramTable
    {
        private long[] _start = [];
        private int[] _distinct = [], _successors = [], _counts = [];
        private long[] _historyCount = [];

        public static BigramTable Build(TokenShard shard, int threads)
        {
            int vocab = shard.VocabSize;
            if (shard.TokenCount > int.MaxValue) throw new BabyLmException($"bigram scoring handles up to {int.MaxValue:N0} tokens; this shard has {shard.TokenCount:N0}");
            int parts = ShardScan.Parts(shard.Count, threads);
            // Pass 1: how often each token is a history, per part (so pass 2 can place successors in parallel).
            var perPart = new long[parts][];
            ShardScan.ForParts(shard.Count, parts, threads, (p, from, to) =>
            {
                var c = perPart[p] = new long[vocab];
                ShardScan.Utterances(shard, from, to, (_, tokens) =>
                {
                    if (tokens.Length == 0) return;
                    c[BpeTokenizer.BosId]++;
                    for (int i = 0; i < tokens.Length - 1; i++) c[tokens[i]]++;
                });
            });
            var table = new BigramTable { _historyCount = new long[vocab], _start = new long[vocab + 1], _distinct = new int[vocab] };
            // Offsets: history-major, then part: part p's successors of h go after those of parts < p.
            var cursor = new long[parts][];
            long offset = 0;
            for (int p = 0; p < parts; p++) cursor[p] = new long[vocab];
            for (int h = 0; h < vocab; h++)
            {
                table._start[h] = offset;
                for (int p = 0; p < parts; p++)
                {
                    cursor[p][h] = offset;
                    offset += perPart[p][h];
                    table._historyCount[h] += perPart[p][h];
                }
            }
            table._start[vocab] = offset;
            var succ = table._successors = new int[offset];
            // Pass 2: place every successor under its history.
            ShardScan.ForParts(shard.Count, parts, threads, (p, from, to) =>
            {
                var cur = cursor[p];
                ShardScan.Utterances(shard, from, to, (_, tokens) =>
                {
                    int h = BpeTokenizer.BosId;
                    foreach (int w in tokens) { succ[cur[h]++] = w; h = w; }
                });
            });
            // Sort each history's successors and compress runs to (successor, count) in place.
            var counts = table._counts = new int[offset];
            int hParts = ShardScan.Parts(vocab, threads);
            ShardScan.ForParts(vocab, hParts, threads, (_, from, to) =>
            {
                for (int h = from; h < to; h++)
                {
                    int a = (int)table._start[h], len = (int)(table._start[h + 1] - a);
                    var seg = succ.AsSpan(a, len);
                    seg.Sort();
                    int d = 0;
                    for (int i = 0; i < len;)
                    {
                        int j = i;
                        while (j < len && seg[j] == seg[i]) j++;
                        seg[d] = seg[i];
                        counts[a + d] = j - i;
                        d++;
                        i = j;
                    }
                    table._distinct[h] = d;
                }
            });
            return table;
        }

        /// <summary>ln p(w | h) given p_uni(w).</summary>
        public double LogProb(int h, int w, double pUni)
        {
            long ch = _historyCount[h];
            if (ch == 0) return Math.Log(pUni);
            int a = (int)_start[h];
            int i = _successors.AsSpan(a, _distinct[h]).BinarySearch(w);
            double c = i >= 0 ? _counts[a + i] : 0;
            return Math.Log(Math.Max(c - Discount, 0) / ch + Discount * _distinct[h] / ch * pUni);
        }
    }

    /// <summary>Plain reference: unigram perplexity of each utterance of <paramref name="utterances"/> (the whole train split).</summary>
    public static double[] UnigramReference(IReadOnlyList<int[]> utterances, int vocab)
    {
        var count = new Dictionary<int, long>();
        long total = 0;
        foreach (var u in utterances)
            foreach (int t in u) { count[t] = count.GetValueOrDefault(t) + 1; total++; }
        return utterances.Select(u =>
        {
            double nll = 0;
            foreach (int t in u) nll -= Math.Log((count.GetValueOrDefault(t) + 1.0) / (total + vocab));
            return Math.Exp(nll / u.Length);
        }).ToArray();
    }

    /// <summary>Plain reference: bigram perplexity of each utterance of <paramref name="utterances"/> (the whole train split).</summary>
    public static double[] BigramReference(IReadOnlyList<int[]> utterances, int vocab)
    {
        var uni = new Dictionary<int, long>();
        var pair = new Dictionary<(int, int), long>();
        var history = new Dictionary<int, long>();
        long total = 0;
        foreach (var u in utterances)
        {
            int h = BpeTokenizer.BosId;
            foreach (int w in u)
            {
                uni[w] = uni.GetValueOrDefault(w) + 1;
                total++;
                pair[(h, w)] = pair.GetValueOrDefault((h, w)) + 1;
                history[h] = history.GetValueOrDefault(h) + 1;
                h = w;
            }
        }
        var successors = pair.Keys.GroupBy(k => k.Item1).ToDictionary(g => g.Key, g => g.Count());
        return utterances.Select(u =>
        {
            double nll = 0;
            int h = BpeTokenizer.BosId;
            foreach (int w in u)
            {
                double pUni = (uni.GetValueOrDefault(w) + 1.0) / (total + vocab);
                double ch = history[h];
                double p = Math.Max(pair.GetValueOrDefault((h, w)) - Discount, 0) / ch + Discount * successors[h] / ch * pUni;
                nll -= Math.Log(p);
                h = w;
            }
            return Math.Exp(nll / u.Length);
        }).ToArray();
    }
}
