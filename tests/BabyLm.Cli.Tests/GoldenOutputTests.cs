// Golden outputs: six short runs (gpt/clm, llama/mlm, bert/mlm, gpt/mlm with sentence packing, a bigram
// difficulty curriculum, llama/clm with untied embeddings, a self-perplexity curriculum and a POS
// vocabulary curriculum) and three `babylm eval` scorings (causal sum, masked PLL, within_word_l2r), run
// through the CLI as a user runs them, must give exactly the bytes recorded on main before the engine was
// put behind its backend seam (tests/Data/golden/record.sh; the commit is in expected/RECORDED). Every
// metrics line (without its two timing fields), every probes.jsonl line and every item score is compared
// as text: a double that differs in its last bit fails.
using System.Text.RegularExpressions;

namespace BabyLm.Cli.Tests;

/// <summary>The six runs, trained once through the CLI; their outputs are read before any test runs eval on them.</summary>
public sealed partial class GoldenRuns : IDisposable
{
    public static string Golden => Path.Combine(TestPaths.Data, "golden");

    public static IEnumerable<string> Names => Directory.GetFiles(Path.Combine(Golden, "configs"), "*.yaml")
        .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    [GeneratedRegex(""","tokens_per_s":[^,}]*,"elapsed_s":[^,}]*""")]
    private static partial Regex TimingFields();

    public GoldenRuns()
    {
        // The corpus, probes and configs copied, the probe paths made absolute, as record.sh does.
        foreach (var sub in new[] { "corpus", "probes", "configs" })
            foreach (var file in Directory.GetFiles(Path.Combine(Golden, sub), "*", SearchOption.AllDirectories))
            {
                var target = Dir[Path.Combine(sub, Path.GetRelativePath(Path.Combine(Golden, sub), file))];
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        foreach (var name in Names)
        {
            var cfg = Dir[$"configs/{name}.yaml"];
            File.WriteAllText(cfg, File.ReadAllText(cfg).Replace("blimp:../probes", "blimp:" + Probes, StringComparison.Ordinal));
            var run = RunDir(name);
            var r = CliRunner.Run("train", cfg, "--out", run);
            if (r.ExitCode != 0) throw new InvalidOperationException($"babylm train {name} failed: {r.Stderr}");
            Metrics[name] = TimingFields().Replace(File.ReadAllText(Path.Combine(run, "metrics.jsonl")), "");
            ProbeLines[name] = File.ReadAllText(Path.Combine(run, "probes.jsonl"));
        }
    }

    public TempDir Dir { get; } = new();
    public string Probes => Dir["probes"];
    public string RunDir(string name) => Dir["runs/" + name];
    public Dictionary<string, string> Metrics { get; } = [];
    public Dictionary<string, string> ProbeLines { get; } = [];

    public void Dispose() => Dir.Dispose();
}

[Trait("Category", "Slow")]
public sealed class GoldenOutputTests(GoldenRuns runs) : IClassFixture<GoldenRuns>
{
    private static void AssertSameLines(string expectedPath, string actualText)
    {
        var expected = File.ReadAllLines(expectedPath);
        var actual = actualText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(expected.Length > 0, $"{expectedPath} is empty");
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(expected[i] == actual[i], $"{Path.GetRelativePath(GoldenRuns.Golden, expectedPath)} line {i + 1} differs:\n  expected {expected[i]}\n  actual   {actual[i]}");
    }

    public static TheoryData<string> Runs => new(GoldenRuns.Names);

    [Theory]
    [MemberData(nameof(Runs))]
    public void Training_writes_the_recorded_metrics_and_probe_lines_bit_for_bit(string name)
    {
        AssertSameLines(Path.Combine(GoldenRuns.Golden, "expected", name, "metrics.jsonl"), runs.Metrics[name]);
        AssertSameLines(Path.Combine(GoldenRuns.Golden, "expected", name, "probes.jsonl"), runs.ProbeLines[name]);
    }

    [Theory]
    [InlineData("gpt-clm", "original", "eval-clm")]
    [InlineData("llama-mlm", "original", "eval-pll")]
    [InlineData("bert-mlm", "l2r", "eval-l2r")]
    public void Eval_writes_the_recorded_item_scores_bit_for_bit(string name, string pll, string expected)
    {
        using var dir = new TempDir();
        var items = dir["items.jsonl"];
        var r = CliRunner.Run("eval", runs.RunDir(name), "--probes", "blimp:" + runs.Probes, "--pll", pll, "--scores", items);
        Assert.True(r.ExitCode == 0, r.Stderr);
        AssertSameLines(Path.Combine(GoldenRuns.Golden, "expected", expected + ".items.jsonl"), File.ReadAllText(items));
    }

    [Fact]
    public void A_checkpoint_written_before_the_refactor_loads_and_scores_as_it_did()
    {
        using var dir = new TempDir();
        var source = Path.Combine(GoldenRuns.Golden, "old-checkpoint", "run");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = dir[Path.Combine("run", Path.GetRelativePath(source, file))];
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var items = dir["items.jsonl"];
        var r = CliRunner.Run("eval", dir["run"], "--probes", "blimp:" + runs.Probes, "--scores", items);
        Assert.True(r.ExitCode == 0, r.Stderr);
        AssertSameLines(Path.Combine(GoldenRuns.Golden, "old-checkpoint", "eval.items.jsonl"), File.ReadAllText(items));
    }
}

public static class TestPaths
{
    /// <summary>The repository this test assembly was built from (an assembly attribute set by tests/Directory.Build.props).</summary>
    public static string RepoRoot { get; } = typeof(TestPaths).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!.TrimEnd('/');

    public static string Data => Path.Combine(RepoRoot, "tests", "Data");
}
