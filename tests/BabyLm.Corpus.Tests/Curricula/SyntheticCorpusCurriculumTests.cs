// Curricula on the built-in synthetic language (corpus synth → tokenizer → prepare): the age stages of
// its childes source reach the shards; ordering by age makes the mean age stage of batches rise over
// training, reverse makes it fall, random keeps it flat; and its parts of speech reach the shards, so a
// part-of-speech vocabulary curriculum works on it out of the box.
using BabyLm.Corpus.Curricula;
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Shards;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Tests.Curricula;

public sealed class SynthFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public SynthFixture()
    {
        SyntheticCorpus.Write(new SynthRequest { Words = 60_000, Out = _dir["synth"], Seed = 4, Threads = 2 });
        var layout = CorpusLayout.Open(_dir["synth"]);
        Tokenizer = BpeTrainer.Train(layout, layout.ResolveTrainSplit(), CleaningProfile.None, new BpeTrainingOptions { VocabSize = 600 });
        Tokenizer.Save(_dir["tok.json"]);
        Prepared = ShardSet.Prepare(new PrepareRequest { Corpus = _dir["synth"], Tokenizer = _dir["tok.json"], Out = _dir["shards"] });
        Train = TokenShard.Open(Path.Combine(Prepared.Directory, ShardSet.TrainDir));
    }

    public BpeTokenizer Tokenizer { get; }
    public PrepareResult Prepared { get; }
    public TokenShard Train { get; }

    public Curriculum Create(CurriculumConfig config, long seed = 1)
        => CurriculumBuilder.Create(config, Train, new CurriculumContext { Seed = seed, Tokenizer = Tokenizer, Threads = 2 });

    public void Dispose()
    {
        Train.Dispose();
        _dir.Dispose();
    }
}

public sealed class SyntheticCorpusCurriculumTests(SynthFixture fx) : IClassFixture<SynthFixture>
{
    private const int Batch = 32;

    private List<double> StageCurve(Curriculum c, int batches) => StageCurves.Of(c, fx.Train, batches, Batch);

    private static double Slope(List<double> curve) => StageCurves.Slope(curve);

    [Fact]
    public void ChildesStages_ReachTheShards_InNonDecreasingOrder()
    {
        var sources = fx.Prepared.Manifest.Sources;
        var stages = new List<int>();
        for (int u = 0; u < fx.Train.Count; u++)
        {
            var stage = ShardSidecars.AgeStage(fx.Train[u]);
            Assert.Equal(sources[fx.Train[u].Source] == "childes", stage.HasValue);
            if (stage is int s) stages.Add(s);
        }
        Assert.Equal(stages.Order(), stages);
        Assert.True(stages[^1] - stages[0] >= 4, $"stages {stages[0]}..{stages[^1]}");
    }

    [Fact]
    public void AgeOrder_MeanStageRises_ReverseFalls_RandomIsFlat()
    {
        int staged = fx.Train.Records.ToArray().Count(r => r.Aux > 0);
        var age = StageCurve(fx.Create(new CurriculumConfig { Order = "corpus" }), staged / Batch);
        var reverse = StageCurve(fx.Create(new CurriculumConfig { Order = "reverse" }), fx.Train.Count / Batch);
        var random = StageCurve(fx.Create(new CurriculumConfig { Order = "random" }), fx.Train.Count / Batch);
        Assert.True(Slope(age) > 3, $"corpus (age) order: slope {Slope(age):0.00} stages per run");
        Assert.True(Slope(reverse) < -3, $"reverse order: slope {Slope(reverse):0.00}");
        Assert.True(Math.Abs(Slope(random)) < 0.5, $"random order: slope {Slope(random):0.00}");
    }

    [Fact]
    public void AgeScorerWithLinearPacing_RaisesTheMeanStageOverTraining()
    {
        // The eligible prefix grows through childes (first in corpus order) over the first half of training.
        var curve = StageCurve(fx.Create(new CurriculumConfig { Scorer = "age", Pacing = "linear", D0 = 0.05, End = 1 }), 80);
        Assert.True(Slope(curve) > 1, $"slope {Slope(curve):0.00}");
        double early = curve.Take(8).Average(), late = curve.Skip(curve.Count - 8).Average();
        Assert.True(early < late - 1.5, $"early batches {early:0.00}, late {late:0.00}");
    }

    [Fact]
    public void SyntheticCorpus_CarriesPartsOfSpeech_ForAPosVocabularyCurriculum()
    {
        var c = fx.Create(new CurriculumConfig { Vocab = "pos", VocabPacing = "linear", D0 = 0.0, Start = 0, End = 1 });
        Assert.Equal("noun", c.Vocabulary.Classes[0]);
        Assert.Equal("verb", c.Vocabulary.Classes[1]);
        Assert.True(c.Vocabulary.AllowedShare(0) < 0.7 * c.Vocabulary.AllowedShare(1));
        var ids = fx.Tokenizer.Encode(" ball");
        var filtered = (int[])ids.Clone();
        c.FilterInputs(filtered, 0);
        Assert.Equal(ids, filtered); // a frequent noun is allowed from the start
    }

    [Fact]
    public void SpokenFirst_PutsChildesFirst_AndExpositoryLast()
    {
        var sources = fx.Prepared.Manifest.Sources;
        var c = fx.Create(new CurriculumConfig { Order = "source", Sources = ["spoken-first"] });
        var fed = Enumerable.Range(0, fx.Train.Count).Select(_ => sources[fx.Train[c.NextUtterance(0)].Source]).ToList();
        Assert.Equal(["childes", "dialogue", "stories", "expository"], fed.Distinct());
    }
}
