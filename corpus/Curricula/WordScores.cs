// Word-level difficulty scores, read from the token shards without the text. Words are recovered from
// the token bytes: the pre-tokenizer never puts whitespace inside a piece except at its start, so a
// token that begins with whitespace (or is only whitespace) ends the current word, and a word is the
// concatenation of its tokens' non-whitespace bytes (so "dog" opening a line and " dog" inside one are
// the same word). These are the BabyLM words (whitespace-separated), as the shard's word counts are.
// A word's identity is a 64-bit FNV-1a hash of its bytes (collisions among ~10⁵ types: ~10⁻⁹).
//   word-rarity        mean over the utterance's words of −ln(c(w)/W), c from the whole train split
//   lexical-diversity  Guiraud's root type–token ratio: distinct words / √words (less length-bound
//                      than the plain ratio, which is 1 for almost every short utterance)
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;
using BabyLm.Corpus.Text;

namespace BabyLm.Corpus.Curricula;

public static class WordScores
{
    private const ulong FnvOffset = 0xcbf29ce484222325UL, FnvPrime = 0x100000001b3UL;

    /// <summary>Per token id: does it begin with whitespace, and its bytes after the leading whitespace.</summary>
    public sealed class Segmenter
    {
        private readonly bool[] _breaks;
        private readonly byte[][] _content;

        public Segmenter(BpeTokenizer tokenizer)
        {
            int v = tokenizer.VocabSize;
            _breaks = new bool[v];
            _content = new byte[v][];
            for (int t = 0; t < v; t++)
            {
                // Special tokens never occur in shards; treat them as separate words of their own text.
                ReadOnlySpan<byte> bytes = tokenizer.IsSpecial(t) ? default : tokenizer.TokenBytes(t);
                int lead = 0;
                while (lead < bytes.Length && Words.SpaceLength(bytes[lead..]) is int s and > 0) lead += s;
                _breaks[t] = lead > 0 || tokenizer.IsSpecial(t);
                _content[t] = tokenizer.IsSpecial(t) ? tokenizer.TokenBytes(t).ToArray() : bytes[lead..].ToArray();
            }
        }

        /// <summary>Writes the hash of each word of <paramref name="tokens"/> to <paramref name="words"/>; returns the word count.</summary>
        public int Split(ReadOnlySpan<int> tokens, List<ulong> words)
        {
            words.Clear();
            ulong h = FnvOffset;
            bool open = false;
            foreach (int t in tokens)
            {
                if (_breaks[t] && open) { words.Add(h); h = FnvOffset; open = false; }
                var c = _content[t];
                if (c.Length == 0) continue;
                foreach (byte b in c) { h ^= b; h *= FnvPrime; }
                open = true;
            }
            if (open) words.Add(h);
            return words.Count;
        }
    }

    /// <summary>Mean negative log relative frequency of the utterance's words (frequencies over the whole shard).</summary>
    public static double[] Rarity(TokenShard shard, BpeTokenizer tokenizer, int threads = 0)
    {
        var seg = new Segmenter(tokenizer);
        int parts = ShardScan.Parts(shard.Count, threads);
        var perPart = new Dictionary<ulong, long>[parts];
        ShardScan.ForParts(shard.Count, parts, threads, (p, from, to) =>
        {
            var counts = perPart[p] = [];
            var words = new List<ulong>();
            ShardScan.Utterances(shard, from, to, (_, tokens) =>
            {
                seg.Split(tokens, words);
                foreach (var w in words) counts[w] = counts.GetValueOrDefault(w) + 1;
            });
        });
        var total = perPart[0];
        for (int p = 1; p < parts; p++)
            foreach (var (w, c) in perPart[p]) total[w] = total.GetValueOrDefault(w) + c;
        long all = 0;
        foreach (var c in total.Values) all += c;
        double logAll = Math.Log(all);
        var scores = new double[shard.Count];
        ShardScan.ForParts(shard.Count, parts, threads, (_, from, to) =>
        {
            var words = new List<ulong>();
            ShardScan.Utterances(shard, from, to, (u, tokens) =>
            {
                if (seg.Split(tokens, words) == 0) return;
                double sum = 0;
                foreach (var w in words) sum += logAll - Math.Log(total[w]);
                scores[u] = sum / words.Count;
            });
        });
        return scores;
    }

    /// <summary>Guiraud's R = distinct words / √words of each utterance.</summary>
    public static double[] Diversity(TokenShard shard, BpeTokenizer tokenizer, int threads = 0)
    {
        var seg = new Segmenter(tokenizer);
        var scores = new double[shard.Count];
        int parts = ShardScan.Parts(shard.Count, threads);
        ShardScan.ForParts(shard.Count, parts, threads, (_, from, to) =>
        {
            var words = new List<ulong>();
            var sorted = new ulong[64];
            ShardScan.Utterances(shard, from, to, (u, tokens) =>
            {
                int n = seg.Split(tokens, words);
                if (n == 0) return;
                if (sorted.Length < n) sorted = new ulong[n * 2];
                var span = sorted.AsSpan(0, n);
                words.CopyTo(span);
                span.Sort();
                int types = 1;
                for (int i = 1; i < n; i++) if (span[i] != span[i - 1]) types++;
                scores[u] = types / Math.Sqrt(n);
            });
        });
        return scores;
    }

    /// <summary>Plain reference on decoded text: the same two scores, words split by <see cref="Words"/> rules.</summary>
    public static (double[] Rarity, double[] Diversity) Reference(IReadOnlyList<string> utterances)
    {
        var split = utterances.Select(u => u.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToList();
        var count = new Dictionary<string, long>(StringComparer.Ordinal);
        long all = 0;
        foreach (var ws in split) foreach (var w in ws) { count[w] = count.GetValueOrDefault(w) + 1; all++; }
        var rarity = split.Select(ws => ws.Length == 0 ? 0 : ws.Average(w => -Math.Log((double)count[w] / all))).ToArray();
        var diversity = split.Select(ws => ws.Length == 0 ? 0 : ws.Distinct(StringComparer.Ordinal).Count() / Math.Sqrt(ws.Length)).ToArray();
        return (rarity, diversity);
    }
}
