// `babylm demo` end to end, as `make demo` runs it, on the shipped configs/demo.yaml scaled down (a
// 100k-word corpus, 30 steps, a narrow model): it writes the report, tables and plots; running it again
// finds every run done and writes the same report; deleting the runs and running again reproduces it.
using BabyLm.Experiments.Tests.Sweeps;

namespace BabyLm.Experiments.Tests.Demo;

[Trait("Category", "Slow")]
public sealed class DemoTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "babylm-demo-" + Guid.NewGuid().ToString("N")[..8]);

    public DemoTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>The shipped demo spec with the budget and sizes cut down, everything else as shipped.</summary>
    private string QuickSpec()
    {
        var shipped = Path.Combine(Path.GetDirectoryName(BabyLmCli.Dll)!, "configs", "demo.yaml");
        var text = File.ReadAllText(shipped)
            .Replace("    epochs: 0.6", "    steps: 30", StringComparison.Ordinal)
            .Replace("every_steps: 65", "every_steps: 10", StringComparison.Ordinal)
            .Replace("final_probe_pairs: 300", "final_probe_pairs: 40", StringComparison.Ordinal)
            .Replace("probe_pairs: 100", "probe_pairs: 20", StringComparison.Ordinal)
            .Replace("    width: 128", "    width: 32", StringComparison.Ordinal)
            .Replace("    vocab: 4096", "    vocab: 512", StringComparison.Ordinal);
        Assert.Contains("steps: 30", text); // the shipped file still has the lines this test scales down
        var path = Path.Combine(_dir, "demo.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Demo_WritesTheReport_AndReproducesItsNumbers()
    {
        var spec = QuickSpec();
        var runs = Path.Combine(_dir, "runs");
        string[] args = ["demo", "--spec", spec, "--words", "100k", "--runs", runs];
        var first = BabyLmCli.Run(_dir, TimeSpan.FromMinutes(10), null, args);
        Assert.True(first.ExitCode == 0, first.ToString());
        var report = Path.Combine(runs, "demo", "report");
        var markdown = File.ReadAllText(Path.Combine(report, "report.md"));
        foreach (var condition in new[] { "random", "age", "difficulty", "unigram", "bigram" }) Assert.Contains(condition, markdown);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(report, "tables"), "*.tex"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(report, "tables"), "*.csv"));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(report, "plots"), "*.svg"));
        Assert.Contains("report.md", first.Stdout);

        // Again: every run is done, only the report is written again — identically.
        var second = BabyLmCli.Run(_dir, TimeSpan.FromMinutes(5), null, args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(markdown, File.ReadAllText(Path.Combine(report, "report.md")));

        // Without the runs (the corpus and cache kept): trained again, the same numbers.
        foreach (var run in Directory.GetDirectories(Path.Combine(runs, "demo")).Where(d => File.Exists(Path.Combine(d, "config.yaml"))))
            Directory.Delete(run, recursive: true);
        var third = BabyLmCli.Run(_dir, TimeSpan.FromMinutes(10), null, args);
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Equal(Numbers(markdown), Numbers(File.ReadAllText(Path.Combine(report, "report.md"))));
    }

    /// <summary>The report up to its provenance section (which records when the runs started and ended).</summary>
    private static string Numbers(string markdown)
    {
        int cut = markdown.IndexOf("\n## Provenance", StringComparison.Ordinal);
        Assert.True(cut > 0, "report.md has no provenance section");
        return markdown[..cut];
    }
}
