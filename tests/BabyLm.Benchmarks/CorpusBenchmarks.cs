// Micro-benchmarks of the corpus hot paths on a generated 1M-word corpus.
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Text;
using BabyLm.Corpus.Tokenization;
using BabyLm.Experiments.Bench;
using BenchmarkDotNet.Attributes;

namespace BabyLm.Benchmarks;

[ShortRunJob]
[MemoryDiagnoser]
public class CorpusBenchmarks
{
    private string _dir = "";
    private List<byte[]> _lines = [];
    private BpeTokenizer _tokenizer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"babylm-bdn-{Environment.ProcessId}");
        ZipfText.WriteCorpus(_dir, 1_000_000);
        var layout = CorpusLayout.Open(_dir);
        foreach (var f in layout.FilesOf(layout.ResolveTrainSplit()))
            CorpusText.ForEachUtterance(f.Path, CleaningProfile.None, (t, _, _) => _lines.Add(t.ToArray()));
        _tokenizer = BpeTrainer.Train(layout, layout.ResolveTrainSplit(), CleaningProfile.None, new BpeTrainingOptions { VocabSize = 4096 });
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "count words (1M)")]
    public long CountWords()
    {
        long n = 0;
        foreach (var l in _lines) n += Words.Count(l);
        return n;
    }

    [Benchmark(Description = "encode (1M words, warm cache)")]
    public long Encode()
    {
        long n = 0;
        var ids = new List<int>(256);
        foreach (var l in _lines) { ids.Clear(); _tokenizer.Encode(l, ids); n += ids.Count; }
        return n;
    }
}
