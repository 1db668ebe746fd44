// Resolves the data of a run config into what training reads: the corpus (checked against its track's
// word budget), the tokenizer (given, or trained once and cached), and the token shards (prepared once
// and cached by content hash). The cache is shared by every run that uses the same inputs; a file lock
// keeps two runs from building the same entry at once.
using BabyLm.Core;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Experiments.Training;

public sealed record ResolvedData(
    string Corpus, string TrainSplit, string TokenizerPath, BpeTokenizer Tokenizer, string ShardDir, ShardManifest Shards)
{
    public string TrainShardDir => Path.Combine(ShardDir, ShardSet.TrainDir);
    public string? DevShardDir => Shards.Splits.Any(s => s.Role == "dev") ? Path.Combine(ShardDir, ShardSet.DevDir) : null;
}

public static class RunData
{
    /// <summary>The cache root: data.cache (relative to the config's folder), else $BABYLM_CACHE, else ~/.cache/babylm.</summary>
    public static string CacheRoot(DataConfig data, string? baseDir = null)
    {
        if (!string.IsNullOrEmpty(data.Cache)) return ResolvePath(data.Cache, baseDir);
        var env = Environment.GetEnvironmentVariable("BABYLM_CACHE");
        if (!string.IsNullOrEmpty(env)) return Path.GetFullPath(env);
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "babylm");
    }

    /// <summary>A path from a config, relative to the config's folder when not absolute.</summary>
    public static string ResolvePath(string path, string? baseDir)
        => Path.IsPathRooted(path) || baseDir is null ? Path.GetFullPath(path) : Path.GetFullPath(Path.Combine(baseDir, path));

    public static ResolvedData Resolve(DataConfig data, string? baseDir, Action<string>? log = null, int threads = 0)
    {
        var corpus = ResolvePath(data.Corpus, baseDir);
        var layout = CorpusLayout.Open(corpus);
        var split = layout.ResolveTrainSplit(string.IsNullOrEmpty(data.Split) ? null : data.Split);
        var cleaning = CleaningProfile.Parse(data.Cleaning);
        var cache = CacheRoot(data, baseDir);

        string tokenizerPath;
        if (!string.IsNullOrEmpty(data.Tokenizer))
        {
            tokenizerPath = ResolvePath(data.Tokenizer, baseDir);
        }
        else
        {
            var corpusHash = ShardSet.CorpusHash(layout, split);
            // "-r2": trained on text read as LineReader reads it (BOM dropped, CRLF as LF), ShardSet.LineReaderVersion.
            tokenizerPath = Path.Combine(cache, "tokenizers", $"{corpusHash[..16]}-{split}-{cleaning.Name}-v{data.Vocab}-r{ShardSet.LineReaderVersion}.json");
            using (FileLock.Acquire(tokenizerPath + ".lock"))
            {
                AtomicFile.RemoveStaleTemporaries(tokenizerPath);
                if (!File.Exists(tokenizerPath))
                {
                    log?.Invoke($"training a {data.Vocab}-token BPE on {corpus} ({split}) → {tokenizerPath}");
                    BpeTrainer.Train(layout, split, cleaning, new BpeTrainingOptions { VocabSize = data.Vocab, Threads = threads })
                        .Save(tokenizerPath);
                }
            }
        }
        var tokenizer = BpeTokenizer.Load(tokenizerPath);
        var key = ShardSet.CacheKey(layout, split, tokenizer, cleaning);
        var shardDir = Path.Combine(cache, "shards", key[..20]);
        PrepareResult prepared;
        using (FileLock.Acquire(shardDir + ".lock"))
        {
            prepared = ShardSet.Prepare(new PrepareRequest
            {
                Corpus = corpus, Tokenizer = tokenizerPath, Out = shardDir, Cleaning = cleaning, Split = split, Threads = threads,
            });
            if (!prepared.Cached) log?.Invoke($"prepared token shards → {shardDir}");
        }

        var train = prepared.Manifest.Splits.Single(s => s.Role == "train");
        if (data.Track != "none" && train.Words > Tracks.Budget(data.Track))
        {
            throw new BabyLmException(
                $"corpus {corpus} ({split}) has {train.Words:N0} words, over the {data.Track} budget of {Tracks.Budget(data.Track):N0}",
                "sample it down with `babylm corpus sample --words …`, or set data.track: strict (100M) or none");
        }
        return new ResolvedData(corpus, split, tokenizerPath, tokenizer, shardDir, prepared.Manifest);
    }
}
