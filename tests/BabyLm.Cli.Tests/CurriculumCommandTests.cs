// `babylm curriculum show`: prints the pacing curve and decoded samples of a run config's curriculum
// (preparing the run's tokenizer and shards as training does); bad curriculum settings are exit 2 with
// "did you mean".
namespace BabyLm.Cli.Tests;

public sealed class CurriculumCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public CurriculumCommandTests()
    {
        var rng = new Random(3);
        string[] words = ["the", "dog", "a", "ball", "you", "want", "see", "big", "red", "kitty", "is", "where"];
        foreach (var source in new[] { "childes", "stories" })
        {
            var lines = Enumerable.Range(0, 400).Select(_ => string.Join(' ', Enumerable.Range(0, rng.Next(1, 9)).Select(_ => words[rng.Next(words.Length)])) + " .");
            _dir.Write($"corpus/train_10M/{source}.train", string.Join('\n', lines) + "\n");
        }
        _dir.Write("run.yaml", "name: show\ndata:\n  corpus: corpus\n  vocab: 300\n  cache: cache\nbudget:\n  steps: 1000\n"
            + "curriculum:\n  scorer: length\n  pacing: linear\n  d0: 0.2\n");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Show_PrintsTheCurve_TheEligibleShare_AndASample()
    {
        var r = CliRunner.Run("curriculum", "show", _dir["run.yaml"], "--steps", "4");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("scorer length × pacing linear", r.Stdout);
        Assert.Contains("    0.00         0       0.200", r.Stdout);
        Assert.Contains("    1.00     1,000       1.000    100.0%", r.Stdout);
        Assert.Contains("at progress 0.00:", r.Stdout);
        Assert.Contains("[childes #", r.Stdout);
    }

    [Fact]
    public void Show_WithAnUnknownPacing_IsExit2_WithDidYouMean()
    {
        var r = CliRunner.Run("curriculum", "show", _dir["run.yaml"], "--set", "curriculum.pacing=sqrt", "--set", "curriculum.scorer=lenght");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("curriculum.scorer: unknown value 'lenght' (did you mean 'length'?)", r.Stderr);
        Assert.Contains("curriculum.pacing: unknown value 'sqrt'", r.Stderr);
        Assert.Contains("allowed: none, linear, quad, root, step, exp, log", r.Stderr);
    }
}
