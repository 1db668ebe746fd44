// `babylm eval` on a real (tiny, briefly trained) run: the table, probes.jsonl, the submission file and
// item-level scores; and its bad inputs — no checkpoint, a suite folder that is not there or holds no
// pairs, a sentence that tokenizes to nothing — each one clear line and exit 2.
using System.Text.Json;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Training;

namespace BabyLm.Cli.Tests;

public sealed class TinyRunFixture : IDisposable
{
    public TinyRunFixture()
    {
        Dir = new TempDir();
        var lines = string.Concat(Enumerable.Range(0, 300).Select(i => $"the dog sees the ball {i % 7} .\nwhere is the cat ?\n"));
        Dir.Write("corpus/train_10M/childes.train", lines);
        var yaml = $$"""
            seed: 1
            threads: 1
            data: {corpus: {{Dir["corpus"]}}, vocab: 300, cache: {{Dir["cache"]}}}
            model: {layers: 1, heads: 2, width: 16, context: 32}
            batch: {sequences: 4}
            budget: {steps: 5}
            """;
        var cfg = YamlConfig.Bind<RunConfig>(YamlConfig.Parse(yaml, "tiny.yaml"), "tiny.yaml");
        Trainer.Run(new TrainRequest { Config = cfg, RunDir = Dir["run"] });
    }

    public TempDir Dir { get; }
    public string Run => Dir["run"];

    public void Dispose() => Dir.Dispose();
}

public sealed class EvalCommandTests(TinyRunFixture fx) : IClassFixture<TinyRunFixture>
{
    private static void AssertUserError(CliResult r, params string[] mustContain)
    {
        Assert.Equal(2, r.ExitCode);
        var error = Assert.Single(r.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        foreach (var s in mustContain) Assert.Contains(s, error);
    }

    private string Zorro(string name, string text)
    {
        fx.Dir.Write($"{name}/agreement_subject_verb-simple.txt", text);
        return "zorro:" + fx.Dir[name];
    }

    [Fact]
    public void Eval_PrintsTheTable_WritesProbeLines_SubmissionAndItemScores()
    {
        var suite = Zorro("zorro", "the dog see the ball .\nthe dog sees the ball .\nthe cats is here .\nthe cats are here .\n");
        var sub = fx.Dir["submission.json"];
        var items = fx.Dir["items.jsonl"];
        var r = CliRunner.Run("eval", fx.Run, "--probes", suite, "--submission", sub, "--scores", items);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("zorro score (unweighted mean over 1 paradigms)", r.Stdout);
        var lines = RunFiles.ReadLines<ProbeLine>(Path.Combine(fx.Run, RunFiles.Probes)).Where(l => l.Suite == "zorro").ToList();
        var line = Assert.Single(lines);
        Assert.Equal(2, line.Pairs);
        Assert.Equal(5, line.Step);
        using var doc = JsonDocument.Parse(File.ReadAllText(sub));
        var preds = doc.RootElement.GetProperty("zorro").GetProperty(line.Paradigm).GetProperty("predictions");
        Assert.Equal(2, preds.GetArrayLength());
        Assert.Equal(2, File.ReadAllLines(items).Length);
        // Evaluating again replaces the lines of the same evaluation rather than adding to them.
        CliRunner.Run("eval", fx.Run, "--probes", suite);
        Assert.Single(RunFiles.ReadLines<ProbeLine>(Path.Combine(fx.Run, RunFiles.Probes)), l => l.Suite == "zorro");
    }

    [Fact]
    public void RunWithoutACheckpoint_IsAClearError()
    {
        Directory.CreateDirectory(fx.Dir["empty-run"]);
        AssertUserError(CliRunner.Run("eval", fx.Dir["empty-run"]), "no checkpoint");
    }

    [Fact]
    public void SuiteFolderMissingOrEmpty_IsAClearError()
    {
        AssertUserError(CliRunner.Run("eval", fx.Run, "--probes", "blimp:" + fx.Dir["nowhere"]), "nowhere");
        Directory.CreateDirectory(fx.Dir["nothing-here"]);
        Assert.Equal(2, CliRunner.Run("eval", fx.Run, "--probes", "zorro:" + fx.Dir["nothing-here"]).ExitCode);
    }

    [Fact]
    public void SentenceThatTokenizesToNothing_IsAClearError()
    {
        // A Zorro line holding only a tab: a pair whose bad member is no text at all.
        var suite = Zorro("zorro-empty", "\t\nthe dog sees the ball .\n");
        var r = CliRunner.Run("eval", fx.Run, "--probes", suite);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error:", r.Stderr);
    }
}
