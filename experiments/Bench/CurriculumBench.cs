// `babylm bench curricula`: scoring a generated 10M-word corpus with every corpus-level difficulty scorer
// (target: all of them together ≤ 60 s on 2 cores), and reading the scores back from the shard-side
// cache. Before timing, each scorer is checked against its plain reference on a 100k-word corpus.
using BabyLm.Core;
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Experiments.Bench;

public sealed class CurriculumBench : IBenchSuite
{
    public string Name => "curricula";
    public string Description => "difficulty scoring of a generated 10M-word corpus by every corpus-level scorer, and the score cache";

    public void Run(BenchContext context)
    {
        long words = context.Quick ? 200_000 : 10_000_000;
        var dir = Path.Combine(Path.GetTempPath(), $"babylm-bench-curricula-{Environment.ProcessId}");
        try
        {
            // The tokenizer is trained on a 1M-word corpus from the same generator (same word list): BPE
            // training is timed by `bench corpus`, not here.
            context.Info($"generating a {words:N0}-word corpus in {dir} …");
            ZipfText.WriteCorpus(Path.Combine(dir, "tok"), Math.Min(words, 1_000_000));
            var tokLayout = CorpusLayout.Open(Path.Combine(dir, "tok"));
            var tokenizer = BpeTrainer.Train(tokLayout, tokLayout.ResolveTrainSplit(), CleaningProfile.None,
                new BpeTrainingOptions { VocabSize = context.Quick ? 1024 : 8192, Threads = context.Threads });
            var tokPath = Path.Combine(dir, "tokenizer.json");
            tokenizer.Save(tokPath);

            Check(context, dir, tokPath, tokenizer);

            ZipfText.WriteCorpus(Path.Combine(dir, "corpus"), words);
            var prepared = ShardSet.Prepare(new PrepareRequest
            {
                Corpus = Path.Combine(dir, "corpus"), Tokenizer = tokPath, Out = Path.Combine(dir, "shards"), Threads = context.Threads,
            });
            using var train = TokenShard.Open(Path.Combine(prepared.Directory, ShardSet.TrainDir));
            var inputs = new ScoringInputs { Tokenizer = tokenizer, SourceRanks = [1, 2, 3], Threads = context.Threads };
            string note = $"{train.Words:N0} words, {train.Count:N0} utterances, {train.TokenCount:N0} tokens, {context.Threads} threads";

            double total = 0;
            foreach (var scorer in DifficultyScorers.CorpusLevel)
            {
                double t = BenchTimer.Median(() => DifficultyScorers.Compute(scorer, train, inputs), rounds: context.Quick ? 1 : 3, warmup: 0);
                total += t;
                context.Report(new BenchResult { Name = $"curricula.score.{scorer}.seconds", Value = t, Unit = "s", HigherIsBetter = false });
            }
            context.Report(new BenchResult
            {
                Name = "curricula.score.all.seconds", Value = total, Unit = "s", HigherIsBetter = false,
                Target = context.Quick ? null : 60, Note = note,
            });

            // The cache: first Get computes and writes, later ones read (key = hash of the shard files).
            foreach (var scorer in new[] { "bigram-perplexity", "word-rarity" })
            {
                DifficultyScorers.Get(scorer, train, inputs);
                double t = BenchTimer.Median(() => DifficultyScorers.Get(scorer, train, inputs), rounds: 3);
                context.Report(new BenchResult { Name = $"curricula.cached.{scorer}.seconds", Value = t, Unit = "s", HigherIsBetter = false, Note = "read + key check" });
            }
        }
        finally
        {
            AtomicFile.TryDeleteDirectory(dir);
        }
    }

    /// <summary>Every token-reading scorer equals its plain reference on a small corpus (relative 1e-9).</summary>
    private static void Check(BenchContext context, string dir, string tokPath, BpeTokenizer tokenizer)
    {
        ZipfText.WriteCorpus(Path.Combine(dir, "check"), 100_000, seed: 2);
        var prepared = ShardSet.Prepare(new PrepareRequest { Corpus = Path.Combine(dir, "check"), Tokenizer = tokPath, Out = Path.Combine(dir, "check-shards") });
        using var shard = TokenShard.Open(Path.Combine(prepared.Directory, ShardSet.TrainDir));
        var tokens = Enumerable.Range(0, shard.Count).Select(shard.Tokens).ToList();
        var (rarity, diversity) = WordScores.Reference(tokens.Select(t => tokenizer.Decode(t)).ToList());
        var checks = new (string Name, double[] Expected, double[] Actual)[]
        {
            ("unigram-perplexity", NgramScores.UnigramReference(tokens, shard.VocabSize), NgramScores.Unigram(shard, context.Threads)),
            ("bigram-perplexity", NgramScores.BigramReference(tokens, shard.VocabSize), NgramScores.Bigram(shard, context.Threads)),
            ("word-rarity", rarity, WordScores.Rarity(shard, tokenizer, context.Threads)),
            ("lexical-diversity", diversity, WordScores.Diversity(shard, tokenizer, context.Threads)),
        };
        foreach (var (name, expected, actual) in checks)
        {
            for (int i = 0; i < expected.Length; i++)
            {
                if (!(Math.Abs(expected[i] - actual[i]) <= 1e-9 * Math.Abs(expected[i])))
                    throw new InvalidOperationException($"{name}: utterance {i} scores {actual[i]:R}, the reference {expected[i]:R}");
            }
        }
        context.Info($"checked: {string.Join(", ", checks.Select(c => c.Name))} equal their references on {shard.Count:N0} utterances");
    }
}
