// `babylm corpus sample`: a deterministic, source-proportional sample of a corpus's train split in
// contiguous chunks of lines — the way the BabyLM organisers cut the 10M release out of the 100M one.
// Each source keeps its share of the words; within a source, randomly chosen chunks are kept in their
// original order (so age order survives). Dev and test splits are copied whole.
using BabyLm.Core;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Text;

namespace BabyLm.Corpus.Sampling;

public sealed record SampleRequest
{
    public required string Corpus { get; init; }
    public required long Words { get; init; }
    public required string Out { get; init; }
    public long Seed { get; init; } = 0;
    public string? Split { get; init; }
    public CleaningProfile Cleaning { get; init; } = CleaningProfile.None;
    /// <summary>Replace an existing output folder.</summary>
    public bool Force { get; init; }
    /// <summary>Contiguous chunk size in words; 0 picks about 1/50 of each source's target (100 to 100k words).</summary>
    public long ChunkWords { get; init; }
}

public static class CorpusSampler
{
    public static CorpusManifest Sample(SampleRequest request, Action<string>? progress = null)
    {
        if (request.Words <= 0) throw new BabyLmException($"--words must be positive, got {request.Words}");
        var layout = CorpusLayout.Open(request.Corpus);
        var trainSplit = layout.ResolveTrainSplit(request.Split);
        var trainFiles = layout.FilesOf(trainSplit).ToList();
        OutputFolder.Check(request.Out, request.Force, CorpusLayout.ManifestName, "corpus folder");

        // Pass 1: words per utterance, per source file.
        var lineWords = new List<int>[trainFiles.Count];
        Par.For(trainFiles.Count, 0, i =>
        {
            var counts = new List<int>();
            CorpusText.ForEachUtterance(trainFiles[i].Path, request.Cleaning, (_, n, _) => counts.Add(n));
            lineWords[i] = counts;
        });
        long total = lineWords.Sum(l => l.Sum(x => (long)x));
        if (total == 0) throw new BabyLmException($"corpus '{request.Corpus}': the train split '{trainSplit}' has no words");
        if (request.Words > total)
        {
            throw new BabyLmException(
                $"cannot sample {Sizes.Format(request.Words)} words: the train split '{trainSplit}' has only {total:N0}",
                "ask for fewer words with --words");
        }

        // Choose, per source, the utterances to keep.
        var keep = new bool[trainFiles.Count][];
        for (int i = 0; i < trainFiles.Count; i++)
        {
            long sourceWords = lineWords[i].Sum(x => (long)x);
            long target = (long)Math.Round((double)request.Words * sourceWords / total);
            keep[i] = ChooseChunks(lineWords[i], target, request.ChunkWords, Rng.Stream(request.Seed, "sample/" + trainFiles[i].Source));
        }

        long kept = 0;
        for (int i = 0; i < trainFiles.Count; i++)
            for (int u = 0; u < keep[i].Length; u++) if (keep[i][u]) kept += lineWords[i][u];
        if (kept == 0)
        {
            int shortest = lineWords.SelectMany(l => l).Where(n => n > 0).DefaultIfEmpty(0).Min();
            throw new BabyLmException(
                $"cannot sample {Sizes.Format(request.Words)} words from '{request.Corpus}': every utterance of its train split '{trainSplit}' is far longer (the shortest has {shortest:N0} words), so the sample would hold no words",
                $"ask for more words (--words {Sizes.Format(Math.Min(total, Math.Max(request.Words, (long)shortest)))} or more), or split the corpus into shorter lines");
        }

        string trainDir = "train_" + Sizes.Format(request.Words);
        var files = new List<ManifestFile>();
        AtomicFile.WriteDirectory(request.Out, tmp =>
        {
            for (int i = 0; i < trainFiles.Count; i++)
            {
                var rel = $"{trainDir}/{trainFiles[i].Source}.train";
                progress?.Invoke(rel);
                files.Add(WriteFiltered(trainFiles[i], request.Cleaning, keep[i], tmp, rel, trainDir));
            }
            foreach (var file in layout.Files.Where(f => f.Role != SplitRole.Train))
            {
                var splitDir = file.Role == SplitRole.Dev ? "dev" : "test";
                var rel = $"{splitDir}/{file.Source}.{splitDir}";
                progress?.Invoke(rel);
                files.Add(WriteFiltered(file, request.Cleaning, null, tmp, rel, splitDir));
            }
            var manifest = Manifest(request, trainSplit, files);
            Json.WriteFile(Path.Combine(tmp, CorpusLayout.ManifestName), manifest);
        });
        return Manifest(request, trainSplit, files);
    }

    private static CorpusManifest Manifest(SampleRequest request, string trainSplit, List<ManifestFile> files) => new()
    {
        CreatedBy = "corpus sample",
        Seed = request.Seed,
        WordsRequested = request.Words,
        SourceCorpus = $"{Path.GetFullPath(request.Corpus)} ({trainSplit})",
        Cleaning = request.Cleaning.Name,
        Files = files,
        ContentHash = CorpusManifest.HashOf(files),
    };

    /// <summary>
    /// Marks the utterances of one source to keep: chunks of consecutive utterances in a seeded random
    /// order until <paramref name="target"/> words are reached; the last chunk is cut at the utterance that
    /// brings the total closest to the target.
    /// </summary>
    internal static bool[] ChooseChunks(IReadOnlyList<int> words, long target, long chunkWords, Rng rng)
    {
        var keep = new bool[words.Count];
        if (target <= 0 || words.Count == 0) return keep;
        long chunk = chunkWords > 0 ? chunkWords : Math.Clamp(target / 50, 100, 100_000);

        // Chunk boundaries: start a new chunk once the running count reaches `chunk`.
        var starts = new List<int> { 0 };
        long run = 0;
        for (int i = 0; i < words.Count; i++)
        {
            run += words[i];
            if (run >= chunk && i + 1 < words.Count) { starts.Add(i + 1); run = 0; }
        }
        var order = Enumerable.Range(0, starts.Count).ToArray();
        rng.Shuffle(order.AsSpan());

        long taken = 0;
        foreach (int c in order)
        {
            int from = starts[c], to = c + 1 < starts.Count ? starts[c + 1] : words.Count;
            for (int i = from; i < to; i++)
            {
                long remaining = target - taken;
                if (remaining <= 0) return keep;
                // Stop before an utterance that would overshoot by more than it helps.
                if (words[i] > remaining && words[i] - remaining > remaining) return keep;
                keep[i] = true;
                taken += words[i];
            }
        }
        return keep;
    }

    private static ManifestFile WriteFiltered(CorpusFile file, CleaningProfile cleaning, bool[]? keep, string root, string rel, string split)
    {
        var path = Path.Combine(root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        long lines = 0, words = 0;
        using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            int index = 0;
            CorpusText.ForEachUtterance(file.Path, cleaning, (text, n, _) =>
            {
                if (keep is null || keep[index])
                {
                    output.Write(text);
                    output.WriteByte((byte)'\n');
                    lines++;
                    words += n;
                }
                index++;
            });
            output.Flush(flushToDisk: true);
        }
        return new ManifestFile(rel, split, file.Source, lines, words, Hashing.FileSha256Hex(path));
    }
}
