// Curricula end to end over a prepared shard: age order makes the batches' mean age stage rise, reverse
// makes it fall, random keeps it flat; words seen are counted exactly whatever is repeated or skipped;
// state saved mid-run (self-perplexity rescoring included) resumes the same sequence; the schedules;
// and the age stages that `corpus prepare` reads from the stages sidecar.
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Shards;

namespace BabyLm.Corpus.Tests.Curricula;

public sealed class CurriculumTests(CurriculumFixture fx) : IClassFixture<CurriculumFixture>
{
    private const int Batch = 16;

    [Fact]
    public void Prepare_StoresTheStagesSidecarInAux_AndOnlyForTheStagedSource()
    {
        var lines = File.ReadAllLines(Path.Combine(fx.Root, "corpus/train_10M/childes.train.stages"));
        var sources = fx.Prepared.Manifest.Sources;
        for (int u = 0; u < fx.Train.Count; u++)
        {
            var r = fx.Train[u];
            if (sources[r.Source] == "childes") Assert.Equal(int.Parse(lines[r.Position - 1]), ShardSidecars.AgeStage(r));
            else Assert.Null(ShardSidecars.AgeStage(r));
        }
    }

    private List<double> StageCurve(Curriculum c, int batches) => StageCurves.Of(c, fx.Train, batches, Batch);

    private int StagedUtterances => fx.Train.Records.ToArray().Count(r => r.Aux > 0);

    [Fact]
    public void AgeOrder_RaisesTheMeanStageOfBatches_ReverseLowersIt_RandomKeepsItFlat()
    {
        int batches = StagedUtterances / Batch; // one pass over the childes part in corpus order
        var corpus = StageCurve(fx.Create(new CurriculumConfig { Order = "corpus" }), batches);
        var reverse = StageCurve(fx.Create(new CurriculumConfig { Order = "reverse" }), fx.Train.Count / Batch);
        var random = StageCurve(fx.Create(new CurriculumConfig { Order = "random" }), fx.Train.Count / Batch);
        Assert.True(StageCurves.Slope(corpus) > 4, $"corpus order: slope {StageCurves.Slope(corpus):0.00} stages per run");
        Assert.True(StageCurves.Slope(reverse) < -4, $"reverse order: slope {StageCurves.Slope(reverse):0.00}");
        Assert.True(Math.Abs(StageCurves.Slope(random)) < 0.75, $"random order: slope {StageCurves.Slope(random):0.00}");
        Assert.True(corpus[^1] - corpus[0] >= 4, "corpus order runs from the first stages to the last");
        Assert.True(Math.Abs(random.Take(random.Count / 2).Average() - random.Skip(random.Count / 2).Average()) < 0.5);
    }

    [Fact]
    public void AgeScorerWithPacing_RaisesTheMeanStageOverTraining()
    {
        // The age scorer ranks by corpus position; with linear pacing the eligible prefix grows from the
        // earliest childes utterances (the staged part comes first in corpus order).
        var c = fx.Create(new CurriculumConfig { Scorer = "age", Pacing = "linear", D0 = 0.05, Start = 0, End = 1 });
        var curve = StageCurve(c, 60);
        Assert.True(StageCurves.Slope(curve) > 2, $"slope {StageCurves.Slope(curve):0.00}");
        Assert.True(curve.Take(5).Average() < 2.5, $"early batches: mean stage {curve.Take(5).Average():0.00}");
    }

    [Fact]
    public void WordsSeen_AreCountedExactly_WhateverTheCurriculumRepeatsOrSkips()
    {
        foreach (var config in new[]
        {
            new CurriculumConfig { Scorer = "length", Pacing = "root", D0 = 0.05 },     // repeats the short ones, skips the long early on
            new CurriculumConfig { Scorer = "word-rarity", Pacing = "step", Weighted = true },
            new CurriculumConfig { Order = "source", Sources = ["childes", "dialogue+stories"] },
        })
        {
            var fed = new List<int>();
            int n = fx.Train.Count * 2 + 17;
            var exposure = Exposure.Feed(fx.Create(config), fx.Train, n, fed);
            // Recount from how often each utterance was fed.
            var times = new long[fx.Train.Count];
            foreach (int u in fed) times[u]++;
            long words = 0;
            for (int u = 0; u < times.Length; u++) words += times[u] * fx.Train[u].Words;
            Assert.Equal(n, exposure.Utterances);
            Assert.Equal(words, exposure.Words);
        }
    }

    [Fact]
    public void PacedCurriculum_DrawsOnlyEligibleUtterances_AndTheEligibleShareFollowsThePacing()
    {
        var c = fx.Create(new CurriculumConfig { Scorer = "unigram-perplexity", Pacing = "linear", D0 = 0.1, Start = 0, End = 0.5 });
        var scores = DifficultyScorers.Get("unigram-perplexity", fx.Train, new ScoringInputs { Tokenizer = fx.Tokenizer });
        var sorted = scores.Order().ToArray();
        for (int i = 0; i < 400; i++)
        {
            double p = i / 400.0, d = c.DataDifficulty(p);
            double tau = sorted[Math.Max(0, (int)Math.Ceiling(d * sorted.Length - 1e-9) - 1)];
            Assert.True(scores[c.NextUtterance(p)] <= tau);
            Assert.InRange(c.EligibleCount(p) / (double)fx.Train.Count, d - 1e-9, 1);
        }
        Assert.Equal(fx.Train.Count, c.EligibleCount(0.5));
    }

    [Fact]
    public void SourceOrder_FeedsSourcesByRank_TiesShuffledTogether()
    {
        var c = fx.Create(new CurriculumConfig { Order = "source", Sources = ["spoken-first"] });
        var sources = fx.Prepared.Manifest.Sources;
        var fed = Enumerable.Range(0, fx.Train.Count).Select(_ => sources[fx.Train[c.NextUtterance(0)].Source]).ToList();
        // spoken-first: childes (1), dialogue (2), stories (4).
        Assert.Equal(fed.OrderBy(s => s switch { "childes" => 1, "dialogue" => 2, _ => 4 }).ToList(), fed);
        var grammatical = fx.Create(new CurriculumConfig { Order = "source", Sources = ["grammatical-first"] });
        Assert.Equal("stories", sources[fx.Train[grammatical.NextUtterance(0)].Source]);
        // Within a rank the corpus order is shuffled.
        var childes = Enumerable.Range(0, fx.Train.Count).Where(u => sources[fx.Train[u].Source] == "childes").ToList();
        var c2 = fx.Create(new CurriculumConfig { Order = "source", Sources = ["childes", "dialogue", "stories"] });
        var firstRank = Enumerable.Range(0, childes.Count).Select(_ => c2.NextUtterance(0)).ToList();
        Assert.Equal(childes.Order(), firstRank.Order());
        Assert.NotEqual(childes, firstRank);
    }

    [Theory]
    [InlineData("random", "none")]
    [InlineData("source", "none")]
    [InlineData("random", "bigram-perplexity")]
    [InlineData("random", "lexical-diversity")]
    [InlineData("random", "source")]
    public void SaveAndRestore_ContinuesTheSameSequence(string order, string scorer)
    {
        var config = new CurriculumConfig { Order = order, Scorer = scorer, Pacing = scorer == "none" ? "none" : "quad", Weighted = scorer == "lexical-diversity" };
        var a = fx.Create(config, seed: 5);
        int total = 3 * fx.Train.Count;
        for (int i = 0; i < total / 2; i++) a.NextUtterance((double)i / total);
        var state = a.SaveState();
        var b = fx.Create(config, seed: 5);
        b.RestoreState(state);
        for (int i = total / 2; i < total; i++) Assert.Equal(a.NextUtterance((double)i / total), b.NextUtterance((double)i / total));
        Assert.Equal(a.Epoch, b.Epoch);
        Assert.Equal(a.SaveState(), b.SaveState());
    }

    [Fact]
    public void TheSameSeedGivesTheSameSequence_AnotherSeedAnother()
    {
        var config = new CurriculumConfig { Scorer = "length", Pacing = "exp" };
        var a = Enumerable.Range(0, 300).Select(i => fx.Create(config, 9).NextUtterance(i / 300.0)).ToList();
        var c1 = fx.Create(config, 9);
        var c2 = fx.Create(config, 9);
        var c3 = fx.Create(config, 10);
        var s1 = Enumerable.Range(0, 300).Select(i => c1.NextUtterance(i / 300.0)).ToList();
        var s2 = Enumerable.Range(0, 300).Select(i => c2.NextUtterance(i / 300.0)).ToList();
        var s3 = Enumerable.Range(0, 300).Select(i => c3.NextUtterance(i / 300.0)).ToList();
        Assert.Equal(s1, s2);
        Assert.NotEqual(s1, s3);
    }

    [Fact]
    public void StateFromAnotherCurriculum_IsRejected()
    {
        var state = fx.Create(new CurriculumConfig { Scorer = "length", Pacing = "linear" }).SaveState();
        var other = fx.Create(new CurriculumConfig { Scorer = "length", Pacing = "root" });
        var ex = Assert.Throws<BabyLmException>(() => other.RestoreState(state));
        Assert.Contains("curriculum state", ex.Message);
        Assert.Throws<BabyLmException>(() => other.RestoreState(state.AsSpan(0, state.Length - 3)));
    }

    /// <summary>A stand-in model whose loss on an utterance is a fixed function of it (longer = harder), shifted by a training step.</summary>
    private Func<IReadOnlyList<int>, double[]> Model(int shift)
        => batch => batch.Select(u => 0.1 * fx.Train[u].Length + 0.01 * ((u * 7919 + shift) % 13)).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public void SelfPerplexity_RescoresEveryNSteps_AndResumesExactly(int sample)
    {
        var config = new CurriculumConfig { Scorer = "self-perplexity", Pacing = "linear", RescoreEverySteps = 10, RescoreSample = sample };
        const int steps = 60, perStep = 8;
        var a = fx.Create(config, 3);
        var seqA = new List<int>();
        byte[]? state = null;
        for (int step = 0; step < steps; step++)
        {
            if (step == 25) state = a.SaveState();
            if (a.WantsRescore(step)) a.Rescore(Model(step));
            for (int i = 0; i < perStep; i++) seqA.Add(a.NextUtterance((double)step / steps));
        }
        Assert.False(a.WantsRescore(0));
        Assert.True(a.WantsRescore(10));
        Assert.False(a.WantsRescore(11));

        var b = fx.Create(config, 3);
        b.RestoreState(state!);
        var seqB = new List<int>();
        for (int step = 25; step < steps; step++)
        {
            if (b.WantsRescore(step)) b.Rescore(Model(step));
            for (int i = 0; i < perStep; i++) seqB.Add(b.NextUtterance((double)step / steps));
        }
        Assert.Equal(seqA.Skip(25 * perStep), seqB);
    }

    [Fact]
    public void SelfPerplexity_WithEveryUtteranceRescored_RanksExactlyByTheModel()
    {
        var c = fx.Create(new CurriculumConfig { Scorer = "self-perplexity", Pacing = "linear", RescoreSample = 0 });
        var model = Model(0);
        c.Rescore(model);
        var losses = model(Enumerable.Range(0, fx.Train.Count).ToList());
        var ranked = c.Ranking.ToArray().Select(u => losses[u]).ToList();
        Assert.Equal(ranked.Order(), ranked);
    }

    [Fact]
    public void SelfPerplexity_WithASample_AsksTheModelOnlyForTheSample()
    {
        var c = fx.Create(new CurriculumConfig { Scorer = "self-perplexity", Pacing = "linear", RescoreSample = 30 });
        var asked = new List<IReadOnlyList<int>>();
        c.Rescore(b => { asked.Add(b); return Model(0)(b); });
        c.Rescore(b => { asked.Add(b); return Model(0)(b); });
        Assert.All(asked, b => Assert.Equal(30, b.Distinct().Count()));
        Assert.NotEqual(asked[0], asked[1]); // a fresh sample each time
    }

    [Fact]
    public void SequenceLength_GrowsFromTheStartLengthToTheContext()
    {
        var c = fx.Create(new CurriculumConfig { SeqLen = "linear", SeqLenStart = 16, Start = 0, End = 0.5 });
        Assert.Equal(16, c.SequenceLength(0, 128));
        Assert.Equal(72, c.SequenceLength(0.25, 128)); // d = 0.125 + 0.875·0.5 = 0.5625 → 72
        Assert.Equal(128, c.SequenceLength(0.5, 128));
        Assert.Equal(128, c.SequenceLength(1, 128));
        Assert.Equal(8, c.SequenceLength(0.3, 8)); // a start length above the context is clipped to it
        Assert.Equal(128, fx.Create(new CurriculumConfig()).SequenceLength(0, 128));
    }

    [Fact]
    public void MaskRate_AnnealsFromStartToEnd_OrKeepsTheConfiguredRate()
    {
        var c = fx.Create(new CurriculumConfig { MaskRate = "linear", MaskRateStart = 0.3, MaskRateEnd = 0.15, Start = 0, End = 1 });
        Assert.Equal(0.3, c.MaskRate(0, 0.15), 12);
        Assert.Equal(0.225, c.MaskRate(0.5, 0.15), 12);
        Assert.Equal(0.15, c.MaskRate(1, 0.15), 12);
        Assert.Equal(0.2, fx.Create(new CurriculumConfig()).MaskRate(0.5, 0.2));
    }

    [Fact]
    public void IdVocabulary_ReplacesIdsAboveDTimesV_ByUnk_InPlace()
    {
        var c = fx.Create(new CurriculumConfig { Vocab = "id", VocabPacing = "linear", D0 = 0.5, Start = 0, End = 1 });
        int v = fx.Train.VocabSize;
        var tokens = Enumerable.Range(0, v).ToArray();
        c.FilterInputs(tokens, 0);
        for (int t = 0; t < v; t++) Assert.Equal(t <= 0.5 * v ? t : 3, tokens[t]);
        var all = Enumerable.Range(0, v).ToArray();
        c.FilterInputs(all, 1);
        Assert.Equal(Enumerable.Range(0, v), all);
    }
}
