// Parallel passes over the utterances of a token shard, split into fixed contiguous ranges (so every
// per-range result, combined in range order, is the same whatever the scheduling), each range reading
// its utterances' tokens into one reused buffer.
using BabyLm.Core;
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Curricula;

/// <summary>Receives one utterance's index and its tokens (valid only during the call).</summary>
internal delegate void UtteranceTokens(int utterance, ReadOnlySpan<int> tokens);

/// <summary>The difficulty score of one utterance from its index and tokens.</summary>
internal delegate double UtteranceScore(int utterance, ReadOnlySpan<int> tokens);

internal static class ShardScan
{
    /// <summary>The number of ranges a pass is split into: a fixed function of the thread count and size.</summary>
    public static int Parts(int count, int threads)
        => Math.Max(1, Math.Min((threads > 0 ? threads : Environment.ProcessorCount) * 4, count / 1024 + 1));

    public static (int From, int To) Range(int count, int parts, int part)
        => ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));

    /// <summary>Runs <paramref name="body"/> on every part in parallel: body(part, from, to).</summary>
    public static void ForParts(int count, int parts, int threads, Action<int, int, int> body)
        => Par.For(parts, threads, p =>
        {
            var (from, to) = Range(count, parts, p);
            body(p, from, to);
        });

    /// <summary>Calls <paramref name="action"/> for the utterances [from, to) in order.</summary>
    public static void Utterances(TokenShard shard, int from, int to, UtteranceTokens action)
    {
        var buffer = new int[256];
        for (int u = from; u < to; u++)
        {
            int n = shard[u].Length;
            if (buffer.Length < n) buffer = new int[Math.Max(n, buffer.Length * 2)];
            shard.CopyTokens(u, buffer);
            action(u, buffer.AsSpan(0, n));
        }
    }

    /// <summary>One score per utterance, computed in parallel ranges by a per-utterance function.</summary>
    public static double[] Score(TokenShard shard, int threads, UtteranceScore score)
    {
        var scores = new double[shard.Count];
        int parts = Parts(shard.Count, threads);
        ForParts(shard.Count, parts, threads, (_, from, to) =>
            Utterances(shard, from, to, (u, tokens) => scores[u] = score(u, tokens)));
        return scores;
    }
}
