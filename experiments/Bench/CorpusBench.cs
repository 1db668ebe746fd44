// `babylm bench corpus`: the corpus pipeline on a generated 10M-word corpus (2 cores): word counting
// (target ≥ 50M words/min), BPE training (≤ 60 s), encoding (≥ 1M words/s), prepare (≤ 30 s).
using BabyLm.Core;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Experiments.Bench;

public sealed class CorpusBench : IBenchSuite
{
    public string Name => "corpus";
    public string Description => "word counting, BPE training, encoding and shard preparation on a generated 10M-word corpus";

    public void Run(BenchContext context)
    {
        long words = context.Quick ? 200_000 : 10_000_000;
        var dir = Path.Combine(Path.GetTempPath(), $"babylm-bench-corpus-{Environment.ProcessId}");
        try
        {
            context.Info($"generating a {words:N0}-word corpus in {dir} …");
            ZipfText.WriteCorpus(dir, words);
            var layout = CorpusLayout.Open(dir);
            var split = layout.ResolveTrainSplit();

            // Word counting (corpus stats: words and types per source).
            CorpusStatistics? stats = null;
            double tStats = BenchTimer.Median(() => stats = CorpusStatsBuilder.Compute(layout, CleaningProfile.None, context.Threads), rounds: 3);
            long trainWords = stats!.TrainWords;
            context.Report(new BenchResult
            {
                Name = "corpus.stats.words_per_min", Value = trainWords / tStats * 60 / 1e6, Unit = "M words/min", Target = 50,
                Note = $"{trainWords:N0} words incl. types, {context.Threads} threads",
            });

            // BPE training (8192 vocabulary) — one run: it is the long one.
            BpeTokenizer? tokenizer = null;
            double tTrain = BenchTimer.Time(() => tokenizer = BpeTrainer.Train(layout, split, CleaningProfile.None,
                new BpeTrainingOptions { VocabSize = 8192, Threads = context.Threads }));
            context.Report(new BenchResult
            {
                Name = "tokenizer.train_8192.seconds", Value = tTrain, Unit = "s", HigherIsBetter = false,
                Target = context.Quick ? null : 60, Note = $"{trainWords:N0} words",
            });

            // Encoding throughput, one thread, a fresh tokenizer each round (cold cache counted).
            var tokPath = Path.Combine(dir, "tokenizer.json");
            tokenizer!.Save(tokPath);
            var lines = new List<byte[]>();
            long lineWords = 0;
            CorpusText.ForEachUtterance(layout.FilesOf(split).First().Path, CleaningProfile.None, (t, n, _) => { lines.Add(t.ToArray()); lineWords += n; });
            double tEnc = BenchTimer.Median(() =>
            {
                var tok = BpeTokenizer.Load(tokPath);
                var ids = new List<int>(1 << 16);
                foreach (var l in lines) { ids.Clear(); tok.Encode(l, ids); }
            }, rounds: 3);
            context.Report(new BenchResult
            {
                Name = "tokenizer.encode.words_per_s", Value = lineWords / tEnc / 1e6, Unit = "M words/s", Target = 1,
                Note = "1 thread, cold cache each round",
            });

            // Prepare (cache miss each round: a new output folder).
            int round = 0;
            double tPrep = BenchTimer.Median(() => ShardSet.Prepare(new PrepareRequest
            {
                Corpus = dir, Tokenizer = tokPath, Out = Path.Combine(dir, $"shards{round++}"), Threads = context.Threads,
            }), rounds: 3, warmup: 0);
            context.Report(new BenchResult
            {
                Name = "corpus.prepare.seconds", Value = tPrep, Unit = "s", HigherIsBetter = false,
                Target = context.Quick ? null : 30, Note = $"{trainWords:N0} train words + dev",
            });
            double tCached = BenchTimer.Median(() => ShardSet.Prepare(new PrepareRequest
            {
                Corpus = dir, Tokenizer = tokPath, Out = Path.Combine(dir, "shards0"), Threads = context.Threads,
            }), rounds: 3, warmup: 0);
            context.Report(new BenchResult { Name = "corpus.prepare_cached.seconds", Value = tCached, Unit = "s", HigherIsBetter = false });
        }
        finally
        {
            AtomicFile.TryDeleteDirectory(dir);
        }
    }
}
