// `babylm bench eval`: minimal-pair scoring speed. The tiny causal model (vocab 8192, 4 layers, 4 heads,
// width 256, context 128) scores a built-in suite of 67,000 pairs (BLiMP's size; target ≤ 3 min on 2
// threads), and a tiny masked model scores 10,000 pairs by pseudo-log-likelihood (target ≤ 5 min).
// Model weights are random: speed does not depend on them. First checks batched scores against the
// unbatched computation on a sample.
using BabyLm.Core;
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Tokenization;
using BabyLm.Engine.Backends;
using BabyLm.Engine.Models;
using BabyLm.Experiments.Evaluation;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Bench;

public sealed class EvalBench : IBenchSuite
{
    public string Name => "eval";
    public string Description => "probe scoring: 67,000 pairs with the tiny causal model, 10,000 pairs by masked-LM PLL";

    public void Run(BenchContext context)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"babylm-bench-eval-{Environment.ProcessId}");
        try
        {
            SyntheticCorpus.Write(new SynthRequest { Words = context.Quick ? 50_000 : 500_000, Out = dir, Seed = 1, Threads = context.Threads });
            var layout = CorpusLayout.Open(dir);
            var tokenizer = BpeTrainer.Train(layout, layout.ResolveTrainSplit(), CleaningProfile.None,
                new BpeTrainingOptions { VocabSize = context.Quick ? 1024 : 8192, Threads = context.Threads });
            int paradigms = BuiltinSuite.Default.Paradigms.Count;
            using var backend = new CpuBackend(context.Threads);

            foreach (var (objective, pairs, target) in new[] { ("clm", 67_000, 180.0), ("mlm", 10_000, 300.0) })
            {
                int n = context.Quick ? 600 : pairs;
                var suite = BuiltinSuite.Generate(new BuiltinProbeOptions { Seed = 7, PairsPerParadigm = (n + paradigms - 1) / paradigms });
                var cfg = new ModelConfig { Arch = "gpt", Layers = 4, Heads = 4, Width = 256, Context = 128 };
                using var model = ModelFactory.Create(cfg, tokenizer.VocabSize, backend);
                model.Initialize(1);
                bool causal = objective == "clm";
                var scorer = new ModelSentenceScorer(model, tokenizer, causal);
                CheckAgainstUnbatched(model, tokenizer, causal, suite);
                SuiteResult? result = null;
                double seconds = BenchTimer.Time(() => result = ProbeEvaluator.Evaluate(suite, scorer, TieMode.Half));
                context.Report(new BenchResult
                {
                    Name = $"eval.{objective}.{(causal ? "sum" : "pll")}.seconds", Value = seconds, Unit = "s", HigherIsBetter = false,
                    Target = context.Quick ? null : target,
                    Note = $"{suite.PairCount:N0} pairs ({suite.PairCount / seconds:N0} pairs/s), {context.Threads} threads",
                });
            }
        }
        finally
        {
            AtomicFile.TryDeleteDirectory(dir);
        }
    }

    /// <summary>A sample of sentences scored one by one (a batch of one, no padding) must equal the batched scores.</summary>
    private static void CheckAgainstUnbatched(ILanguageModel model, BpeTokenizer tokenizer, bool causal, ProbeSuite suite)
    {
        var sample = suite.Paradigms.Select(p => p.Pairs[0].Good).Take(8).ToList();
        var batched = new ModelSentenceScorer(model, tokenizer, causal).Score(sample).Scores;
        for (int i = 0; i < sample.Count; i++)
        {
            var single = new ModelSentenceScorer(model, tokenizer, causal, new ScorerOptions { MaxBatchTokens = 1 }).Score([sample[i]]).Scores[0];
            if (Math.Abs(single - batched[i]) > 1e-9 * Math.Abs(single))
                throw new InvalidOperationException($"batched score {batched[i]} differs from the unbatched {single} for \"{sample[i]}\"");
        }
    }
}
