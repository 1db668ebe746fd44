// The probes measure learning: a small model trained briefly on the synthetic corpus beats chance and
// the unigram baseline on the built-in suite, and the result differs by phenomenon.
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Reading;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Evaluation;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Tests.Evaluation;

[Trait("Category", "Slow")]
public sealed class LearningTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "babylm-learn-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void BrieflyTrainedModel_BeatsChanceAndTheUnigramBaseline_PerPhenomenon()
    {
        var corpus = Path.Combine(_dir, "corpus");
        SyntheticCorpus.Write(new SynthRequest { Words = 300_000, Out = corpus, Seed = 5 });
        var yaml = $"""
            seed: 1
            threads: 2
            data: {"{"}corpus: {corpus}, vocab: 1024, cache: {Path.Combine(_dir, "cache")}{"}"}
            model: {"{"}layers: 2, heads: 2, width: 64, context: 64{"}"}
            batch: {"{"}sequences: 16{"}"}
            budget: {"{"}steps: 250{"}"}
            optimizer: {"{"}lr: 0.003{"}"}
            eval: {"{"}every_steps: 0{"}"}
            checkpoint: {"{"}every_steps: 0{"}"}
            """;
        var cfg = YamlConfig.Bind<RunConfig>(YamlConfig.Parse(yaml, "learn.yaml"), "learn.yaml");
        var runDir = Path.Combine(_dir, "run");
        Trainer.Run(new TrainRequest { Config = cfg, RunDir = runDir });

        using var loaded = RunModel.Load(runDir);
        var suite = BuiltinSuite.Generate(new BuiltinProbeOptions { PairsPerParadigm = 200 });
        var model = ProbeEvaluator.Evaluate(suite, new ModelSentenceScorer(loaded.Model, loaded.Tokenizer, causal: true), TieMode.Half);
        var unigram = ProbeEvaluator.Evaluate(suite, new NGramScorer(NGramBaseline.Fit(CorpusLayout.Open(corpus), 1)), TieMode.Half);

        Assert.True(model.Score > 0.55, $"suite score {model.Score:P1} is not above chance");
        Assert.True(model.Score > unigram.Score + 0.03, $"suite score {model.Score:P1} vs unigram {unigram.Score:P1}");
        var phenomena = model.ByPhenomenon;
        Assert.True(phenomena.Count >= 12);
        Assert.True(phenomena.Max(p => p.Accuracy) - phenomena.Min(p => p.Accuracy) > 0.2, "every phenomenon scored alike");
    }
}
