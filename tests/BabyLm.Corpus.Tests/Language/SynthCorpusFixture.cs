// One 1M-word synthetic corpus (seed 7) shared by the realism tests and the probe-validity tests, with
// the default built-in suite, the two n-gram baselines and a 4096-token BPE (the demo's size) fit on its
// train split. Built once per run.
using BabyLm.Corpus.Language;
using BabyLm.Corpus.Probes;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Tokenization;

namespace BabyLm.Corpus.Tests.Language;

public sealed class SynthCorpusFixture : IDisposable
{
    public const long Words = 1_000_000;
    private readonly TempDir _dir = new();
    private readonly Lazy<(NGramBaseline Unigram, NGramBaseline Bigram)> _ngrams;
    private readonly Lazy<BpeTokenizer> _tokenizer;

    public SynthCorpusFixture()
    {
        Root = _dir["synth1M"];
        Manifest = SyntheticCorpus.Write(new SynthRequest { Words = Words, Out = Root, Seed = 7 });
        Layout = CorpusLayout.Open(Root);
        TrainSplit = Layout.ResolveTrainSplit();
        foreach (var file in Layout.Files)
            Lines[(file.Split, file.Source)] = File.ReadAllLines(file.Path);
        _ngrams = new(() => (NGramBaseline.Fit(Layout, 1), NGramBaseline.Fit(Layout, 2)));
        _tokenizer = new(() => BpeTrainer.Train(Layout, TrainSplit, CleaningProfile.None, new BpeTrainingOptions { VocabSize = 4096 }));
    }

    public string Root { get; }
    public CorpusManifest Manifest { get; }
    public CorpusLayout Layout { get; }
    public string TrainSplit { get; }

    /// <summary>Every file's lines, by (split, source).</summary>
    public Dictionary<(string Split, string Source), string[]> Lines { get; } = [];

    public string[] Train(string source) => Lines[(TrainSplit, source)];

    public IEnumerable<string> AllLines => Lines.Values.SelectMany(l => l);

    public ProbeSuite Suite => BuiltinSuite.Default;
    public NGramBaseline Unigram => _ngrams.Value.Unigram;
    public NGramBaseline Bigram => _ngrams.Value.Bigram;
    public BpeTokenizer Tokenizer => _tokenizer.Value;

    private Dictionary<string, int>? _counts;

    /// <summary>Word counts over the train split.</summary>
    public Dictionary<string, int> TrainCounts => _counts ??= Layout.FilesOf(TrainSplit)
        .SelectMany(f => Lines[(f.Split, f.Source)]).SelectMany(l => l.Split(' '))
        .GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public void Dispose() => _dir.Dispose();
}

[CollectionDefinition(Name)]
public sealed class SynthCorpusCollection : ICollectionFixture<SynthCorpusFixture>
{
    public const string Name = "synthetic 1M-word corpus";
}
