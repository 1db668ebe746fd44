// Minimal-pair scoring: batched scores equal a brute-force per-sentence computation (one sentence per
// forward, no padding, no batching) to 1e-9 relative and an independent double-precision forward to
// 1e-4; they do not depend on batch size or thread count; ties and aggregates follow the stated rules.
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Tokenization;
using BabyLm.Corpus.ZeroShot;
using BabyLm.Engine.Backends;
using BabyLm.Engine;
using BabyLm.Engine.Kernels;
using BabyLm.Engine.Models;
using BabyLm.Engine.Tests.Models;
using BabyLm.Experiments.Evaluation;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Tests.Evaluation;

public class ScorerTests
{
    private static readonly string[] Sentences =
    [
        "where is the ball ?", "where are the balls ?", "look at the doggy .", "the kitty is sleeping .",
        "a", "mommy hurt herself .", "the unbelievably enormous hippopotamus was eating spaghetti .",
        "where is the ball ?", // a repeat: scored once, reported twice
    ];

    private static readonly Lazy<BpeTokenizer> Tokenizer = new(() => BpeTrainer.Train(
        BpeTrainer.CountPiecesFromStrings(["where is the ball ?", "look at the doggy .", "the kitty is sleeping ."]),
        new BpeTrainingOptions { VocabSize = 290 }));

    private static (ILanguageModel Model, IBackend Backend) Model(string arch, int threads = 2, int context = 64)
    {
        var backend = new CpuBackend(threads);
        var model = ModelFactory.Create(new ModelConfig { Arch = arch, Layers = 2, Heads = 2, Width = 16, Context = context }, Tokenizer.Value.VocabSize, backend);
        model.Initialize(9);
        var p = model.ReadParameters();
        for (int i = 0; i < p.Length; i++) p[i] *= 8; // sharper distributions than the init
        model.WriteParameters(p);
        return (model, backend);
    }

    /// <summary>The brute-force score: one sentence per forward pass, exact length, one masked position per pass.</summary>
    private static double BruteForce(ILanguageModel model, string sentence, bool causal, PllVariant pll)
    {
        var ids = Tokenizer.Value.Encode(sentence);
        double total = 0;
        if (causal)
        {
            var batch = new Batch(1, ids.Length);
            batch.Inputs[0] = BpeTokenizer.BosId;
            for (int t = 1; t < ids.Length; t++) batch.Inputs[t] = ids[t - 1];
            ids.CopyTo(batch.Targets, 0);
            batch.ValidLengths[0] = ids.Length;
            var lp = new float[ids.Length];
            model.TargetLogProbs(batch, true, lp);
            foreach (var x in lp) total += x;
            return total;
        }
        var words = new ModelSentenceScorer(model, Tokenizer.Value, false).WordIndex(ids);
        for (int i = 0; i < ids.Length; i++)
        {
            var batch = new Batch(1, ids.Length + 2);
            batch.Inputs[0] = BpeTokenizer.BosId;
            ids.CopyTo(batch.Inputs, 1);
            batch.Inputs[^1] = BpeTokenizer.EosId;
            batch.Inputs[i + 1] = BpeTokenizer.MaskId;
            if (pll == PllVariant.WithinWordL2R)
                for (int j = i + 1; j < ids.Length && words[j] == words[i]; j++) batch.Inputs[j + 1] = BpeTokenizer.MaskId;
            Array.Fill(batch.Targets, Batch.Ignore);
            batch.Targets[i + 1] = ids[i];
            batch.ValidLengths[0] = ids.Length + 2;
            var lp = new float[ids.Length + 2];
            model.TargetLogProbs(batch, false, lp);
            total += lp[i + 1];
        }
        return total;
    }

    public static TheoryData<string, bool, PllVariant> Variants => new()
    {
        { "gpt", true, PllVariant.Original }, { "llama", true, PllVariant.Original },
        { "gpt", false, PllVariant.Original }, { "gpt", false, PllVariant.WithinWordL2R }, { "llama", false, PllVariant.WithinWordL2R },
        { "bert", false, PllVariant.Original }, { "bert", false, PllVariant.WithinWordL2R },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void BatchedScores_EqualTheBruteForceReference(string arch, bool causal, PllVariant pll)
    {
        var (model, backend) = Model(arch);
        using (backend)
        using (model)
        {
            var scorer = new ModelSentenceScorer(model, Tokenizer.Value, causal, new ScorerOptions { Pll = pll, MaxBatchTokens = 48 });
            var (scores, tokens) = scorer.Score(Sentences);
            for (int i = 0; i < Sentences.Length; i++)
            {
                double expected = BruteForce(model, Sentences[i], causal, pll);
                Assert.True(Math.Abs(scores[i] - expected) <= 1e-9 * Math.Abs(expected), $"{Sentences[i]}: {scores[i]} vs {expected}");
                Assert.Equal(Tokenizer.Value.Encode(Sentences[i]).Length, tokens[i]);
            }
            Assert.Equal(scores[0], scores[^1]);
        }
    }

    [Theory]
    [InlineData("gpt", true)]
    [InlineData("llama", false)]
    [InlineData("bert", false)]
    public void Scores_MatchAnIndependentDoubleForward(string arch, bool causal)
    {
        var (model, backend) = Model(arch);
        using (backend)
        using (model)
        {
            var reference = new ReferenceModel(model.Config, model.Layout, model.VocabSize, ropeInterleaved: false);
            var p = model.ReadParameters().Select(x => (double)x).ToArray();
            var (scores, _) = new ModelSentenceScorer(model, Tokenizer.Value, causal).Score(Sentences[..4]);
            for (int s = 0; s < 4; s++)
            {
                var ids = Tokenizer.Value.Encode(Sentences[s]);
                double expected = 0;
                int rows = causal ? 1 : ids.Length;
                for (int r = 0; r < rows; r++)
                {
                    int T = causal ? ids.Length : ids.Length + 2;
                    var batch = new Batch(1, T);
                    Array.Fill(batch.Targets, Batch.Ignore);
                    if (causal) { batch.Inputs[0] = BpeTokenizer.BosId; for (int t = 1; t < T; t++) batch.Inputs[t] = ids[t - 1]; ids.CopyTo(batch.Targets, 0); }
                    else { batch.Inputs[0] = BpeTokenizer.BosId; ids.CopyTo(batch.Inputs, 1); batch.Inputs[^1] = BpeTokenizer.EosId; batch.Inputs[r + 1] = BpeTokenizer.MaskId; batch.Targets[r + 1] = ids[r]; }
                    batch.ValidLengths[0] = T;
                    var logits = reference.Logits(p, batch, causal);
                    for (int t = 0; t < T; t++)
                    {
                        if (batch.Targets[t] == Batch.Ignore) continue;
                        double max = logits[t].Max();
                        expected += logits[t][batch.Targets[t]] - max - Math.Log(logits[t].Sum(x => Math.Exp(x - max)));
                    }
                }
                Assert.True(Math.Abs(scores[s] - expected) <= 1e-4 * Math.Abs(expected), $"{Sentences[s]}: {scores[s]} vs {expected}");
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Scores_DoNotDependOnBatchSizeOrThreads(bool causal)
    {
        double[] Run(int threads, int maxTokens)
        {
            var (model, backend) = Model("gpt", threads);
            using (backend)
            using (model)
                return new ModelSentenceScorer(model, Tokenizer.Value, causal, new ScorerOptions { MaxBatchTokens = maxTokens }).Score(Sentences).Scores;
        }
        var reference = Run(1, 16);
        Assert.Equal(reference, Run(2, 16));
        Assert.Equal(reference, Run(2, 4096));
        Assert.Equal(reference, Run(1, 300));
    }

    [Fact]
    public void LongSentences_AreScoredInOverlappingWindows_EachTokenOnce()
    {
        var (model, backend) = Model("gpt", context: 8);
        using (backend)
        using (model)
        {
            var sentence = string.Join(' ', Enumerable.Repeat("where is the ball", 6));
            var ids = Tokenizer.Value.Encode(sentence);
            Assert.True(ids.Length > 8);
            var (scores, tokens) = new ModelSentenceScorer(model, Tokenizer.Value, true).Score([sentence]);
            Assert.Equal(ids.Length, tokens[0]);
            Assert.True(double.IsFinite(scores[0]) && scores[0] < 0);
        }
    }

    [Fact]
    public void WithinWordL2R_MasksTheLaterPiecesOfTheSameWord()
    {
        var (model, backend) = Model("gpt");
        using (backend)
        using (model)
        {
            var scorer = new ModelSentenceScorer(model, Tokenizer.Value, false);
            var ids = Tokenizer.Value.Encode("the hippopotamus is big");
            var words = scorer.WordIndex(ids);
            var expected = new List<int>();
            int w = 0;
            foreach (var piece in new[] { "the", " hippopotamus", " is", " big" })
            {
                expected.AddRange(Enumerable.Repeat(w++, Tokenizer.Value.Encode(piece).Length));
            }
            Assert.Equal(expected, words);
            Assert.True(words.Count(x => x == 1) > 1, "the long word should take several pieces");
        }
    }
}

public class AggregationTests
{
    /// <summary>Scores from a table: the test decides which member of each pair wins or ties.</summary>
    private sealed class TableScorer(Dictionary<string, double> table) : ISentenceScorer
    {
        public string Name => "table";
        public (double[] Scores, int[] Tokens) Score(IReadOnlyList<Candidate> candidates)
            => (candidates.Select(c => table[c.Text]).ToArray(), candidates.Select(_ => 1).ToArray());
    }

    private static (ProbeSuite Suite, TableScorer Scorer) Fixture()
    {
        var table = new Dictionary<string, double>();
        MinimalPair Pair(string name, double good, double bad)
        {
            table[name + " good"] = good;
            table[name + " bad"] = bad;
            return new MinimalPair(name + " good", name + " bad");
        }
        var paradigms = new List<Paradigm>
        {
            // p1: 3 right, 1 tie → half 3.5/4 = 0.875, babylm 4/4 = 1
            new() { Uid = "p1", Phenomenon = "A", Field = "syntax", Pairs = [Pair("a", -1, -2), Pair("b", -3, -4), Pair("c", -5, -9), Pair("d", -2, -2)] },
            // p2: 1 right, 1 wrong → 0.5 either way
            new() { Uid = "p2", Phenomenon = "A", Field = "morphology", Pairs = [Pair("e", -1, -2), Pair("f", -4, -3)] },
            // p3: 3 ties → half 0.5, babylm 1
            new() { Uid = "p3", Phenomenon = "B", Field = "syntax", Pairs = [Pair("g", -1, -1), Pair("h", -2, -2), Pair("i", -7, -7)] },
        };
        return (ProbeSuite.Create("fixture", "fixture", paradigms), new TableScorer(table));
    }

    [Fact]
    public void Aggregates_MatchHandComputedValues()
    {
        var (suite, scorer) = Fixture();
        var half = ProbeEvaluator.Evaluate(suite, scorer, TieMode.Half);
        Assert.Equal([0.875, 0.5, 0.5], half.Paradigms.Select(p => p.Accuracy));
        Assert.Equal([3, 1, 0], half.Paradigms.Select(p => p.Correct));
        Assert.Equal([1, 0, 3], half.Paradigms.Select(p => p.Ties));
        Assert.Equal((0.875 + 0.5 + 0.5) / 3, half.Score, 12);
        Assert.Equal([("A", 0.6875, 2), ("B", 0.5, 1)], half.ByPhenomenon);
        Assert.Equal([("morphology", 0.5, 1), ("syntax", (0.875 + 0.5) / 2, 2)], half.ByField);
        var babylm = ProbeEvaluator.Evaluate(suite, scorer, TieMode.Babylm);
        Assert.Equal([1.0, 0.5, 1.0], babylm.Paradigms.Select(p => p.Accuracy));
    }

    [Fact]
    public void AModelScoringEverySentenceAlike_Gets50PercentByDefault_And100UnderBabylmTies()
    {
        var (suite, _) = Fixture();
        var constant = new TableScorer(suite.Paradigms.SelectMany(p => p.Pairs).SelectMany(p => new[] { p.Good, p.Bad }).ToDictionary(s => s, _ => -3.0));
        Assert.Equal(0.5, ProbeEvaluator.Evaluate(suite, constant, TieMode.Half).Score);
        Assert.Equal(1.0, ProbeEvaluator.Evaluate(suite, constant, TieMode.Babylm).Score);
    }

    [Fact]
    public void Subsampling_TakesTheFirstPairsOfEachParadigm()
    {
        var (suite, scorer) = Fixture();
        var r = ProbeEvaluator.Evaluate(suite, scorer, TieMode.Half, pairsPerParadigm: 2);
        Assert.Equal([2, 2, 2], r.Paradigms.Select(p => p.Pairs));
        Assert.Equal([1.0, 0.5, 0.5], r.Paradigms.Select(p => p.Accuracy));
    }
}
