// `babylm corpus synth`: writes a corpus of the built-in language in the BabyLM 2024 layout
// (train_<size>/, dev/, test/; one file per source; corpus.json; word-classes.tsv with the part of speech
// of every word, for vocabulary curricula). Four sources mimic BabyLM's registers:
// childes (age-ordered child-directed speech, with a stages sidecar), stories, dialogue and expository.
// Work is cut into chunks of at most ChunkWords, each with its own named random stream, so the bytes
// depend only on the seed and the size — not on the thread count. No sentence reserved for the probe
// suite is ever written (ProbeReservation).
using System.Text.Json.Nodes;
using BabyLm.Core;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Text;

namespace BabyLm.Corpus.Language;

public sealed record SynthRequest
{
    /// <summary>Words in the train split (the BabyLM count: whitespace-separated tokens, punctuation included).</summary>
    public required long Words { get; init; }
    public required string Out { get; init; }
    public long Seed { get; init; }
    /// <summary>Replace an existing output folder.</summary>
    public bool Force { get; init; }
    /// <summary>Worker threads (0 = all cores). The output does not depend on it.</summary>
    public int Threads { get; init; }
}

public static class SyntheticCorpus
{
    public const string GeneratorName = "babylm-builtin-language";

    /// <summary>Bumped whenever the grammar's output changes for the same lexicon and seed.</summary>
    public const int GrammarVersion = 2;

    /// <summary>Share of the words of each split, per source.</summary>
    public static readonly IReadOnlyList<(string Source, double Share)> Sources =
        [("childes", 0.40), ("stories", 0.25), ("dialogue", 0.20), ("expository", 0.15)];

    /// <summary>dev and test each hold this fraction of the train words.</summary>
    public const double HeldOutFraction = 0.05;

    public const long MinWords = 1000;
    /// <summary>The largest corpus `corpus synth` writes: 10× the strict track (1B words, ≈ 6 GB).</summary>
    public const long MaxWords = 1_000_000_000;
    private const long ChunkWords = 400_000;

    /// <summary>"grammar.lexicon+hash": names the generator exactly (the lexicon hash changes with any edit of lexicon.tsv).</summary>
    public static string GeneratorVersion => $"{GrammarVersion}.{Lexicon.Builtin.Version}+{Lexicon.Builtin.ContentHash[..12]}";

    private sealed record Chunk(string Split, string Source, int Stage, long Words, string Stream)
    {
        public byte[] Text = [];
        public long Lines;
        public HashSet<string> Types = new(StringComparer.Ordinal);
    }

    public static CorpusManifest Write(SynthRequest request, Action<string>? progress = null)
    {
        if (request.Words < MinWords)
            throw new BabyLmException($"--words must be at least {Sizes.Format(MinWords)}, got {request.Words}", "ask for e.g. --words 10M");
        if (request.Words > MaxWords)
        {
            throw new BabyLmException($"--words {Sizes.Format(request.Words)} is more than the built-in corpus is made for: at most {Sizes.Format(MaxWords)} words ({MaxWords / Tracks.StrictWords}× the 100M-word strict track)",
                "BabyLM corpora are 10M (strict-small) or 100M (strict) words; ask for e.g. --words 100M");
        }
        OutputFolder.Check(request.Out, request.Force, CorpusLayout.ManifestName, "corpus folder");
        CheckDiskSpace(request);

        string trainDir = "train_" + Sizes.Format(request.Words);
        long heldOut = Math.Max(1, (long)Math.Round(request.Words * HeldOutFraction));
        var chunks = new List<Chunk>();
        foreach (var (split, dir, words) in new[] { ("train", trainDir, request.Words), ("dev", "dev", heldOut), ("test", "test", heldOut) })
        {
            long left = words;
            for (int i = 0; i < Sources.Count; i++)
            {
                var (source, share) = Sources[i];
                long target = i == Sources.Count - 1 ? left : (long)Math.Round(words * share);
                left -= target;
                if (source == "childes")
                {
                    for (int stage = 1; stage <= AgeStages.Count; stage++)
                        AddChunks(chunks, dir, source, stage, Part(target, stage - 1, AgeStages.Count), $"synth/{split}/{source}/stage{stage}");
                }
                else AddChunks(chunks, dir, source, 0, target, $"synth/{split}/{source}");
            }
        }

        var inventory = Inventory.Builtin;
        int parallel = request.Threads > 0 ? request.Threads : Environment.ProcessorCount;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel };
        // Streamed: a window of chunks is generated (in parallel), appended to its file in corpus order and
        // dropped, so memory holds one window whatever the size. A chunk's bytes depend only on its own random
        // stream, so the files are the same as if every chunk were generated at once.
        int window = Math.Max(4, 2 * parallel);
        var types = new HashSet<string>(StringComparer.Ordinal);
        List<ManifestFile> files = [];
        AtomicFile.WriteDirectory(request.Out, tmp =>
        {
            FileStream? text = null, stages = null;
            (string, string)? current = null;
            void Close()
            {
                text?.Flush(flushToDisk: true);
                text?.Dispose();
                stages?.Flush(flushToDisk: true);
                stages?.Dispose();
                text = stages = null;
            }
            try
            {
                for (int start = 0; start < chunks.Count; start += window)
                {
                    var batch = Enumerable.Range(start, Math.Min(window, chunks.Count - start)).ToArray();
                    // Largest first, so the last chunk to start is a small one.
                    Parallel.ForEach(batch.OrderByDescending(i => chunks[i].Words), options, i => Generate(chunks[i], inventory, request.Seed));
                    foreach (int i in batch)
                    {
                        var chunk = chunks[i];
                        if (current != (chunk.Split, chunk.Source))
                        {
                            Close();
                            current = (chunk.Split, chunk.Source);
                            string ext = chunk.Split.StartsWith("train_", StringComparison.Ordinal) ? "train" : chunk.Split;
                            var path = Path.Combine(tmp, chunk.Split, $"{chunk.Source}.{ext}");
                            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                            text = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
                            if (chunk.Source == "childes")
                                stages = new FileStream(AgeStages.SidecarPath(path), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                        }
                        text!.Write(chunk.Text);
                        if (stages is not null)
                        {
                            var line = System.Text.Encoding.ASCII.GetBytes(chunk.Stage.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
                            for (long l = 0; l < chunk.Lines; l++) stages.Write(line);
                        }
                        types.UnionWith(chunk.Types);
                        chunk.Text = [];
                        chunk.Types = [];
                    }
                    progress?.Invoke($"{start + batch.Length}/{chunks.Count} chunks");
                }
            }
            finally
            {
                Close();
            }
            ShardSidecars.WriteWordClasses(tmp, WordClasses(types));
            files = CorpusManifest.Describe(tmp, CleaningProfile.None);
            Json.WriteFile(Path.Combine(tmp, CorpusLayout.ManifestName), Manifest(request, files));
        });
        return Manifest(request, files);
    }

    /// <summary>Bytes on disk per train word (text, dev and test, sidecars), measured on the built-in language with margin.</summary>
    private const double BytesPerWord = 6.0;

    /// <summary>Refuses a corpus that cannot fit the free space of the output's file system (before generating anything).</summary>
    private static void CheckDiskSpace(SynthRequest request)
    {
        var existing = Path.GetFullPath(request.Out);
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent) existing = parent;
        long free;
        try
        {
            free = new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return;       // unknown: the write itself reports a full disk
        }
        CheckDiskSpace(request.Words, existing, free);
    }

    internal static void CheckDiskSpace(long words, string where, long freeBytes)
    {
        long need = (long)(words * (1 + 2 * HeldOutFraction) * BytesPerWord);
        if (need > freeBytes)
        {
            throw new BabyLmException($"--words {Sizes.Format(words)} needs ≈ {need / 1e9:0.0} GB on disk, and the file system of {where} has {freeBytes / 1e9:0.0} GB free",
                "free some space, choose another --out, or ask for fewer words");
        }
    }

    /// <summary>(word, part of speech) for every word of the corpus, every reading of an ambiguous word, in word order.</summary>
    private static IEnumerable<(string Word, string Class)> WordClasses(IEnumerable<string> words)
    {
        var lexicon = Lexicon.Builtin;
        foreach (var word in words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            foreach (var pos in lexicon.PartsOfSpeech(word))
                yield return (word, pos.ToString().ToLowerInvariant());
    }

    private static long Part(long total, int index, int parts) => total / parts + (index < total % parts ? 1 : 0);

    private static void AddChunks(List<Chunk> chunks, string dir, string source, int stage, long words, string stream)
    {
        int n = (int)Math.Max(1, (words + ChunkWords - 1) / ChunkWords);
        for (int k = 0; k < n; k++)
            chunks.Add(new Chunk(dir, source, stage, Part(words, k, n), $"{stream}/{k}"));
    }

    /// <summary>A register for a source, drawing from <paramref name="rng"/>.</summary>
    internal static IRegister Register(string source, Inventory inventory, Rng rng, int stage = 1) => source switch
    {
        "childes" => new ChildesRegister(inventory, rng) { Stage = stage },
        "stories" => new StoryRegister(inventory, rng),
        "dialogue" => new DialogueRegister(inventory, rng),
        "expository" => new ExpositoryRegister(inventory, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "not a synthetic source"),
    };

    /// <summary>
    /// Fills a chunk with sentences until its word target: a sentence that would overshoot by more than it
    /// helps is left out, so each chunk lands within half a sentence of its target.
    /// </summary>
    private static void Generate(Chunk chunk, Inventory inventory, long seed)
    {
        var register = Register(chunk.Source, inventory, Rng.Stream(seed, chunk.Stream), Math.Max(chunk.Stage, 1));
        var sentence = new Sentence();
        var buffer = new byte[256];
        using var text = new MemoryStream((int)Math.Min(int.MaxValue, chunk.Words * 6));
        long words = 0, lines = 0;
        while (words < chunk.Words)
        {
            register.Next(sentence);
            int n = sentence.Render(ref buffer);
            var bytes = buffer.AsSpan(0, n);
            if (ProbeReservation.IsReserved(bytes)) { register.Rejected(); continue; }
            int count = Words.Count(bytes);
            if (words + count > chunk.Words && words + count - chunk.Words > chunk.Words - words) break;
            foreach (var word in sentence.Words) chunk.Types.Add(word);
            text.Write(bytes);
            text.WriteByte((byte)'\n');
            words += count;
            lines++;
        }
        if (chunk.Types.Contains("a")) chunk.Types.Add("an");
        chunk.Text = text.ToArray();
        chunk.Lines = lines;
    }

    private static CorpusManifest Manifest(SynthRequest request, List<ManifestFile> files) => new()
    {
        CreatedBy = "corpus synth",
        Seed = request.Seed,
        WordsRequested = request.Words,
        Generator = GeneratorDescription(),
        Files = files,
        ContentHash = CorpusManifest.HashOf(files),
    };

    /// <summary>What corpus.json records about the generator.</summary>
    public static JsonObject GeneratorDescription()
    {
        var sources = new JsonObject();
        foreach (var (source, share) in Sources) sources[source] = share;
        return new JsonObject
        {
            ["name"] = GeneratorName,
            ["version"] = GeneratorVersion,
            ["grammar_version"] = GrammarVersion,
            ["lexicon_version"] = Lexicon.Builtin.Version,
            ["lexicon_sha256"] = Lexicon.Builtin.ContentHash,
            ["settings"] = new JsonObject
            {
                ["sources"] = sources,
                ["held_out_fraction"] = HeldOutFraction,
                ["age_stages"] = AgeStages.Count,
                ["stage_sidecar"] = "<split>/childes.<split>" + ShardSidecars.StagesSuffix,
                ["probe_reservation_modulus"] = ProbeReservation.Modulus,
                ["probe_reservation_min_words"] = ProbeReservation.MinWords,
            },
        };
    }
}
