// Trains a byte-level BPE on the train split of a corpus. Pre-tokens (GPT-2 split) are counted once;
// then, repeatedly, the most frequent adjacent pair becomes a new token. Ties go to the pair with the
// smaller (left id, right id), so training is deterministic for any thread count.
using BabyLm.Core;
using BabyLm.Corpus.Reading;

namespace BabyLm.Corpus.Tokenization;

public sealed record BpeTrainingOptions
{
    /// <summary>Total vocabulary: 5 specials + 256 bytes + merges.</summary>
    public int VocabSize { get; init; } = 8192;
    /// <summary>A pair seen fewer times than this is never merged.</summary>
    public int MinFrequency { get; init; } = 2;
    public int Threads { get; init; }
}

public static class BpeTrainer
{
    /// <summary>Counts pre-tokens over the given files (cleaned), keyed by their bytes widened one byte per char.</summary>
    public static Dictionary<string, long> CountPieces(IReadOnlyList<CorpusFile> files, CleaningProfile profile, int threads = 0)
    {
        var perFile = new Dictionary<string, long>[files.Count];
        Par.For(files.Count, threads, i =>
        {
            var counter = new PieceCounter();
            CorpusText.ForEachUtterance(files[i].Path, profile, (text, _, _) => counter.Add(text));
            perFile[i] = counter.Counts;
        });
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var counts in perFile)
            foreach (var (k, v) in counts)
                total[k] = total.GetValueOrDefault(k) + v;
        return total;
    }

    /// <summary>Counts pre-tokens of in-memory lines (UTF-8 encoded).</summary>
    public static Dictionary<string, long> CountPiecesFromStrings(IEnumerable<string> lines)
    {
        var counter = new PieceCounter();
        foreach (var line in lines) counter.Add(System.Text.Encoding.UTF8.GetBytes(line));
        return counter.Counts;
    }

    private sealed class PieceCounter
    {
        private char[] _chars = new char[256];
        public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

        public void Add(ReadOnlySpan<byte> text)
        {
            if (_chars.Length < text.Length) _chars = new char[text.Length * 2];
            for (int k = 0; k < text.Length; k++) _chars[k] = (char)text[k];
            var chars = _chars;
            var lookup = Counts.GetAlternateLookup<ReadOnlySpan<char>>();
            PreTokenizer.Split(text, (s, l) =>
            {
                var key = chars.AsSpan(s, l);
                lookup.TryGetValue(key, out var n);
                lookup[key] = n + 1;
            });
        }
    }

    /// <summary>Trains on pre-token counts (keys: one char per byte).</summary>
    public static BpeTokenizer Train(IReadOnlyDictionary<string, long> pieces, BpeTrainingOptions options, Action<int, int>? progress = null)
    {
        CheckOptions(options);
        int targetMerges = options.VocabSize - BpeTokenizer.MinVocab;
        // Sorted keys: the word numbering (and so everything after) does not depend on dictionary order.
        var keys = pieces.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        int nw = keys.Length;
        var syms = new int[nw][];
        var counts = new long[nw];
        for (int w = 0; w < nw; w++)
        {
            var k = keys[w];
            syms[w] = new int[k.Length];
            for (int i = 0; i < k.Length; i++) syms[w][i] = BpeTokenizer.ByteOffset + k[i];
            counts[w] = pieces[k];
        }

        var pairCount = new Dictionary<long, long>();
        var where = new Dictionary<long, List<int>>();
        for (int w = 0; w < nw; w++)
        {
            var s = syms[w];
            for (int i = 0; i + 1 < s.Length; i++)
            {
                long key = Key(s[i], s[i + 1]);
                pairCount[key] = pairCount.GetValueOrDefault(key) + counts[w];
                if (!where.TryGetValue(key, out var list)) where[key] = list = [];
                if (list.Count == 0 || list[^1] != w) list.Add(w);
            }
        }

        // Max-heap on count, then smallest key. Stale entries are checked on pop.
        var heap = new PriorityQueue<long, (long NegCount, long Key)>();
        foreach (var (key, c) in pairCount)
            if (c >= options.MinFrequency) heap.Enqueue(key, (-c, key));

        var merges = new List<(int, int)>(targetMerges);
        var stamp = new int[nw];
        var changed = new HashSet<long>();
        var scratch = new List<int>(64);
        while (merges.Count < targetMerges && heap.TryDequeue(out long pair, out var prio))
        {
            long current = pairCount.GetValueOrDefault(pair);
            // Every count change queues a fresh entry, so an entry whose count is not current is stale.
            if (-prio.NegCount != current) continue;
            if (current < options.MinFrequency) break;
            int left = (int)(pair >> 32), right = (int)(uint)pair;
            int newId = BpeTokenizer.MinVocab + merges.Count;
            merges.Add((left, right));
            int mark = merges.Count;
            changed.Clear();
            foreach (int w in where[pair])
            {
                if (stamp[w] == mark) continue;
                stamp[w] = mark;
                var s = syms[w];
                bool present = false;
                for (int i = 0; i + 1 < s.Length; i++) if (s[i] == left && s[i + 1] == right) { present = true; break; }
                if (!present) continue;
                long c = counts[w];
                for (int i = 0; i + 1 < s.Length; i++)
                {
                    long k = Key(s[i], s[i + 1]);
                    pairCount[k] -= c;
                    changed.Add(k);
                }
                scratch.Clear();
                for (int i = 0; i < s.Length; i++)
                {
                    if (i + 1 < s.Length && s[i] == left && s[i + 1] == right) { scratch.Add(newId); i++; }
                    else scratch.Add(s[i]);
                }
                s = syms[w] = scratch.ToArray();
                for (int i = 0; i + 1 < s.Length; i++)
                {
                    long k = Key(s[i], s[i + 1]);
                    pairCount[k] = pairCount.GetValueOrDefault(k) + c;
                    changed.Add(k);
                    if (!where.TryGetValue(k, out var list)) where[k] = list = [];
                    if (list.Count == 0 || list[^1] != w) list.Add(w);
                }
            }
            where.Remove(pair);
            // Queue every pair whose count changed at its new count (entries at old counts go stale).
            foreach (long k in changed)
            {
                long c = pairCount[k];
                if (c <= 0) { pairCount.Remove(k); continue; }
                if (k != pair && c >= options.MinFrequency) heap.Enqueue(k, (-c, k));
            }
            progress?.Invoke(merges.Count, targetMerges);
        }
        return BpeTokenizer.FromMerges(merges);
    }

    /// <summary>Counts pre-tokens of the corpus's train split and trains.</summary>
    public static BpeTokenizer Train(CorpusLayout layout, string trainSplit, CleaningProfile profile, BpeTrainingOptions options,
        Action<int, int>? progress = null)
    {
        CheckOptions(options);          // before the corpus is read
        var pieces = CountPieces(layout.FilesOf(trainSplit).ToList(), profile, options.Threads);
        if (pieces.Count == 0) throw new BabyLmException($"corpus '{layout.Root}': the train split '{trainSplit}' has no text");
        return Train(pieces, options, progress);
    }

    private static void CheckOptions(BpeTrainingOptions options)
    {
        if (options.VocabSize < BpeTokenizer.MinVocab)
        {
            throw new BabyLmException(
                $"--vocab {options.VocabSize} is smaller than the byte alphabet plus special tokens ({BpeTokenizer.MinVocab})",
                $"use --vocab {BpeTokenizer.MinVocab} or more (8192 is usual for 10M words)");
        }
        if (options.VocabSize > BpeTokenizer.MaxVocab)
        {
            throw new BabyLmException($"--vocab {options.VocabSize:N0} is more than this tool trains (at most {BpeTokenizer.MaxVocab:N0})",
                "BabyLM models use 8k–50k tokens; e.g. --vocab 16384");
        }
        if (options.MinFrequency < 1) throw new BabyLmException($"--min-frequency must be at least 1, got {options.MinFrequency}");
    }

    private static long Key(int left, int right) => ((long)left << 32) | (uint)right;
}
