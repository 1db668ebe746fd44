// `babylm corpus prepare`: tokenizes a corpus's train and dev splits into token shards, in corpus order,
// with a shards.json manifest. The folder is keyed by a content hash of corpus bytes + tokenizer +
// cleaning profile + format version, so preparing the same inputs again finds the shards and returns.
using BabyLm.Core;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Shards;

/// <param name="CrlfLines">Lines of the split's files that ended in CRLF, read as LF (no '\r' token).</param>
/// <param name="BomFiles">Files of the split that began with a UTF-8 byte order mark (dropped).</param>
public sealed record ShardSplitInfo(string Name, string Role, long Utterances, long Tokens, long Words, long CrlfLines = 0, int BomFiles = 0);

/// <summary>shards.json: what a shard folder holds and what it was made from.</summary>
public sealed record ShardManifest
{
    public string Format { get; init; } = "babylm-shards";
    public int Version { get; init; } = ShardFormat.Version;
    public required string Key { get; init; }
    public required string Corpus { get; init; }
    public required string CorpusHash { get; init; }
    public required string TrainSplit { get; init; }
    public required string TokenizerHash { get; init; }
    public required int VocabSize { get; init; }
    public required string Cleaning { get; init; }
    /// <summary>Source names; an utterance record's Source indexes this list.</summary>
    public required IReadOnlyList<string> Sources { get; init; }
    public required IReadOnlyList<ShardSplitInfo> Splits { get; init; }
}

public sealed record PrepareRequest
{
    public required string Corpus { get; init; }
    public required string Tokenizer { get; init; }
    public required string Out { get; init; }
    public CleaningProfile Cleaning { get; init; } = CleaningProfile.None;
    public string? Split { get; init; }
    public int Threads { get; init; }
}

public sealed record PrepareResult(ShardManifest Manifest, string Directory, bool Cached);

public static class ShardSet
{
    public const string TrainDir = "train";
    public const string DevDir = "dev";
    /// <summary>Bumped when reading changes the text of some corpus (2: a BOM is dropped and CRLF read as LF), so old shards are not reused.</summary>
    public const string LineReaderVersion = "2";

    /// <summary>The cache key of a prepare: corpus content, tokenizer, cleaning and format version.</summary>
    public static string CacheKey(CorpusLayout layout, string trainSplit, BpeTokenizer tokenizer, CleaningProfile cleaning)
    {
        var h = new Hashing.Builder()
            .Add("format", ShardFormat.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("corpus", CorpusHash(layout, trainSplit))
            .Add("split", trainSplit)
            .Add("tokenizer", tokenizer.ContentHash())
            .Add("cleaning", cleaning.Name)
            .Add("reader", LineReaderVersion);
        // Stages and word classes (ShardSidecars), only when the corpus has them: other keys are unchanged.
        if (ShardSidecars.Hash(layout, SplitFiles(layout, trainSplit).SelectMany(s => s.Files)) is { } sidecars) h.Add("sidecars", sidecars);
        return h.Hex();
    }

    /// <summary>SHA-256 over the bytes of the train and dev files (paths relative to the corpus root).</summary>
    public static string CorpusHash(CorpusLayout layout, string trainSplit)
    {
        var files = SplitFiles(layout, trainSplit).SelectMany(s => s.Files).ToList();
        var hashes = new string[files.Count];
        Par.For(files.Count, 0, i => hashes[i] = Hashing.FileSha256Hex(files[i].Path));
        var h = new Hashing.Builder();
        for (int i = 0; i < files.Count; i++)
            h.Add(Path.GetRelativePath(layout.Root, files[i].Path).Replace('\\', '/'), hashes[i]);
        return h.Hex();
    }

    public static PrepareResult Prepare(PrepareRequest request, Action<string, long, long>? progress = null)
    {
        var layout = CorpusLayout.Open(request.Corpus);
        var trainSplit = layout.ResolveTrainSplit(request.Split);
        var tokenizer = BpeTokenizer.Load(request.Tokenizer);
        var key = CacheKey(layout, trainSplit, tokenizer, request.Cleaning);
        InputPath.OutputFolder(request.Out, "--out");
        // Folders a killed earlier prepare left beside the output (<out>.tmp-<pid>-…), also when the shards are cached.
        AtomicFile.RemoveStaleTemporaries(request.Out);
        var manifestPath = Path.Combine(request.Out, ShardFiles.Manifest);
        if (File.Exists(manifestPath))
        {
            var existing = Json.ReadFile<ShardManifest>(manifestPath, "shard manifest");
            if (existing.Key == key)
            {
                // A cache hit must still be sound: the header and size checks run on every split.
                foreach (var split in existing.Splits)
                    using (TokenShard.Open(Path.Combine(request.Out, split.Role == "train" ? TrainDir : DevDir))) { }
                return new PrepareResult(existing, Path.GetFullPath(request.Out), Cached: true);
            }
        }
        else if (Directory.Exists(request.Out) && Directory.EnumerateFileSystemEntries(request.Out).Any())
        {
            throw new BabyLmException($"output folder '{request.Out}' exists, is not empty and holds no shards.json",
                "choose an empty or new folder with --out");
        }

        var sources = layout.Files.Select(f => f.Source).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        var splits = new List<ShardSplitInfo>();
        AtomicFile.WriteDirectory(request.Out, tmp =>
        {
            foreach (var (name, role, files) in SplitFiles(layout, trainSplit))
            {
                var dir = Path.Combine(tmp, role == SplitRole.Train ? TrainDir : DevDir);
                using var writer = new ShardWriter(dir, tokenizer.VocabSize);
                var read = new ReadStats();
                foreach (var file in files)
                {
                    progress?.Invoke(file.Path, writer.Utterances, writer.Words);
                    EncodeFile(file, request.Cleaning, tokenizer, writer, sources.IndexOf(file.Source), request.Threads, read);
                }
                // As `corpus sample` and `tokenizer train`: a split with nothing to train on (or score) is an error.
                if (writer.Utterances == 0)
                {
                    throw new BabyLmException(
                        $"corpus '{layout.Root}': the {(role == SplitRole.Train ? "train" : "dev")} split '{name}' has no words ({string.Join(", ", files.Select(f => Path.GetFileName(f.Path)))} {(files.Count == 1 ? "is" : "are")} empty or blank{(request.Cleaning.Name != "none" ? $" after cleaning '{request.Cleaning.Name}'" : "")})",
                        role == SplitRole.Train ? "give a corpus with text in its train split" : "fill the dev files or remove them (the dev split is optional)");
                }
                writer.Complete();
                if (role == SplitRole.Train && ShardSidecars.ReadWordClasses(layout) is { } wordClasses)
                    ShardSidecars.WriteTokenClasses(dir, ShardSidecars.BuildTokenClasses(wordClasses, tokenizer));
                splits.Add(new ShardSplitInfo(name, role.ToString().ToLowerInvariant(), writer.Utterances, writer.Tokens, writer.Words, read.CrlfLines, read.BomFiles));
            }
            Json.WriteFile(Path.Combine(tmp, ShardFiles.Manifest), BuildManifest(key, layout, trainSplit, tokenizer, request, sources, splits));
        });
        var manifest = BuildManifest(key, layout, trainSplit, tokenizer, request, sources, splits);
        return new PrepareResult(manifest, Path.GetFullPath(request.Out), Cached: false);
    }

    private static ShardManifest BuildManifest(string key, CorpusLayout layout, string trainSplit, BpeTokenizer tokenizer,
        PrepareRequest request, List<string> sources, List<ShardSplitInfo> splits) => new()
    {
        Key = key,
        Corpus = layout.Root,
        CorpusHash = CorpusHash(layout, trainSplit),
        TrainSplit = trainSplit,
        TokenizerHash = tokenizer.ContentHash(),
        VocabSize = tokenizer.VocabSize,
        Cleaning = request.Cleaning.Name,
        Sources = sources,
        Splits = splits,
    };

    /// <summary>Reads shards.json of a prepared folder.</summary>
    public static ShardManifest ReadManifest(string dir)
        => Json.ReadFile<ShardManifest>(Path.Combine(dir, ShardFiles.Manifest), "shard manifest");

    private static IEnumerable<(string Name, SplitRole Role, List<CorpusFile> Files)> SplitFiles(CorpusLayout layout, string trainSplit)
    {
        yield return (trainSplit, SplitRole.Train, layout.FilesOf(trainSplit).ToList());
        if (layout.DevSplit is { } dev) yield return (dev, SplitRole.Dev, layout.FilesOf(dev).ToList());
    }

    /// <summary>Encodes one file in batches: lines are read in order, batches encoded in parallel, written in order.</summary>
    private static void EncodeFile(CorpusFile file, CleaningProfile cleaning, BpeTokenizer tokenizer, ShardWriter writer, int source, int threads, ReadStats read)
    {
        const int BatchSize = 1 << 14;
        var texts = new List<byte[]>(BatchSize);
        var words = new List<int>(BatchSize);
        var lines = new List<long>(BatchSize);
        var stages = ShardSidecars.ReadStages(file.Path);

        void Flush()
        {
            var ids = new int[texts.Count][];
            // Fixed contiguous ranges per worker: the output does not depend on scheduling.
            int parts = Math.Max(1, Math.Min((threads > 0 ? threads : Environment.ProcessorCount) * 4, texts.Count));
            Par.For(parts, threads, p =>
            {
                int from = (int)((long)texts.Count * p / parts), to = (int)((long)texts.Count * (p + 1) / parts);
                for (int i = from; i < to; i++) ids[i] = tokenizer.Encode(texts[i]);
            });
            for (int i = 0; i < texts.Count; i++) writer.Add(ids[i], words[i], source, lines[i], ShardSidecars.AuxOf(stages, lines[i], file.Path));
            texts.Clear(); words.Clear(); lines.Clear();
        }

        CorpusText.ForEachUtterance(file.Path, cleaning, (text, n, line) =>
        {
            texts.Add(text.ToArray());
            words.Add(n);
            lines.Add(line);
            if (texts.Count == BatchSize) Flush();
        }, read);
        if (texts.Count > 0) Flush();
    }
}
