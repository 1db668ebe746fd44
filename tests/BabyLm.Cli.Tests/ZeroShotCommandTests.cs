// The BabyLM zero-shot suite through the CLI on a real (tiny, briefly trained) run: `eval --probes
// babylm:<dir>` scores every task of the official layout, writes their lines into probes.jsonl, the
// official submission file and item scores, in the honest and the babylm mode; bad input — a folder with
// no task, a malformed line, an option the official mode does not have — is one clear error and exit 2;
// `export --milestones` writes one Hugging Face folder per chck_<N>M branch; `probes ls` lists the tasks.
using System.Text.Json;
using BabyLm.Experiments.Runs;

namespace BabyLm.Cli.Tests;

public sealed class ZeroShotCommandTests(TinyRunFixture fx) : IClassFixture<TinyRunFixture>
{
    private static string Full => Path.Combine(TestPaths.Data, "zeroshot", "evaluation_data", "full_eval");
    private static string Fast => Path.Combine(TestPaths.Data, "zeroshot", "evaluation_data", "fast_eval");

    private static readonly string[] Tasks = ["blimp", "blimp_supplement", "ewok", "entity_tracking", "wug_adj", "wug_past", "comps"];

    private static void AssertUserError(CliResult r, params string[] mustContain)
    {
        Assert.Equal(2, r.ExitCode);
        var error = Assert.Single(r.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        foreach (var s in mustContain) Assert.Contains(s, error);
    }

    private List<ProbeLine> Lines(string tieMode) => RunFiles.ReadLines<ProbeLine>(Path.Combine(fx.Run, RunFiles.Probes))
        .Where(l => l.TieMode == tieMode && Tasks.Contains(l.Suite)).ToList();

    [Fact]
    public void Eval_scores_every_task_of_a_full_eval_folder_and_writes_lines_submission_and_items()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("eval", fx.Run, "--probes", "babylm:" + Full, "--submission", dir["sub.json"], "--scores", dir["items.jsonl"], "--results", dir["results.json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var t in Tasks) Assert.Contains($"{t} score (", r.Stdout);
        Assert.Contains("entity_tracking score (mean over 3 files of the mean over their UIDs)", r.Stdout);
        Assert.Contains("wug_adj score (Spearman's ρ against the human ratios)", r.Stdout);

        var lines = Lines("half");
        Assert.Equal(Tasks, lines.Select(l => l.Suite).Distinct());
        Assert.All(lines, l => Assert.Equal("clm-sum", l.Scorer));
        Assert.Equal("spearman", Assert.Single(lines, l => l.Suite == "wug_adj").Metric);
        var entity = lines.Where(l => l.Suite == "entity_tracking").ToList();
        Assert.Equal(6, entity.Count);
        Assert.Equal(1.0, entity.Sum(l => l.Weight!.Value), 12);
        Assert.All(lines.Where(l => l.Suite != "entity_tracking"), l => Assert.Null(l.Weight));

        using var sub = JsonDocument.Parse(File.ReadAllText(dir["sub.json"]));
        Assert.Equal(Tasks, sub.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(37, File.ReadAllLines(dir["items.jsonl"]).Length); // 5 + 4 + 5 + 8 + 5 + 4 + 6 items
        using var results = JsonDocument.Parse(File.ReadAllText(dir["results.json"]));
        Assert.Equal(Tasks, results.RootElement.EnumerateArray().Select(t => t.GetProperty("suite").GetString()));
        Assert.Equal("spearman", results.RootElement[4].GetProperty("metric").GetString());
    }

    [Fact]
    public void The_babylm_mode_names_itself_in_every_line_and_refuses_what_the_official_pipeline_does_not_have()
    {
        var r = CliRunner.Run("eval", fx.Run, "--probes", "babylm:" + Full, "--ties", "babylm", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.All(json.RootElement.EnumerateArray(), t =>
        {
            Assert.Equal("babylm", t.GetProperty("ties").GetString());
            Assert.Equal("clm-sum-nobos", t.GetProperty("scorer").GetString());
            Assert.StartsWith("babylm (official", t.GetProperty("mode").GetString());
        });
        var lines = Lines("babylm");
        Assert.Equal(Tasks, lines.Select(l => l.Suite).Distinct());
        Assert.All(lines, l => Assert.Equal("clm-sum-nobos", l.Scorer));
        // The honest lines of the same step are kept beside them, not replaced.
        CliRunner.Run("eval", fx.Run, "--probes", "ewok:" + Path.Combine(Full, "ewok_filtered"));
        Assert.Contains(Lines("half"), l => l.Suite == "ewok");
        Assert.Contains(Lines("babylm"), l => l.Suite == "ewok");

        AssertUserError(CliRunner.Run("eval", fx.Run, "--probes", "babylm:" + Full, "--ties", "babylm", "--pll", "l2r"), "official pipeline's scoring");
        AssertUserError(CliRunner.Run("eval", fx.Run, "--probes", "babylm:" + Full, "--ties", "babylm", "--mean"), "official pipeline's scoring");
    }

    [Fact]
    public void A_folder_with_no_task_and_a_malformed_line_are_clear_errors()
    {
        using var dir = new TempDir();
        dir.Write("evaluation_data/full_eval/reading/reading_data.csv", "item\n");
        AssertUserError(CliRunner.Run("eval", fx.Run, "--probes", "babylm:" + dir["evaluation_data/full_eval"]), "holds no BabyLM zero-shot task");
        var file = dir.Write("ent/entity_tracking/regular.jsonl",
            "{\"input_prefix\": \"Box 0 contains\", \"options\": [\" a.\", \" b.\"], \"numops\": 0}\n{\"input_prefix\": \"Box 0 contains\", \"options\": \" a.\", \"numops\": 0}\n");
        AssertUserError(CliRunner.Run("eval", fx.Run, "--probes", "babylm:" + dir["ent"]), $"{file}:2:", "\"options\" is not a list of strings");
        AssertUserError(CliRunner.Run("eval", fx.Run, "--probes", "wug_adj:" + Full), "unknown kind 'wug_adj'");
    }

    [Fact]
    public void Probes_ls_lists_the_tasks_of_a_fast_eval_folder()
    {
        var r = CliRunner.Run("probes", "ls", "--suite", "babylm:" + Fast);
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var t in new[] { "blimp_fast", "blimp_supplement_fast", "ewok_fast", "entity_tracking_fast", "wug_adj_fast", "wug_past_fast" })
            Assert.Contains("scored as " + t + "\n", r.Stdout);
        Assert.Contains("Spearman ρ against human ratios", r.Stdout);
    }

    [Fact]
    public void Export_milestones_writes_one_hugging_face_folder_per_checkpoint_branch()
    {
        using var dir = new TempDir();
        // A copy of the run whose milestone checkpoints are copies of its step checkpoint, as the trainer keeps them.
        var run = dir["run"];
        foreach (var file in Directory.GetFiles(fx.Run, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(run, Path.GetRelativePath(fx.Run, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var step = Directory.GetFiles(Path.Combine(run, "checkpoints"), "step-*.ckpt").Single();
        foreach (var label in new[] { "1M", "2M", "20M" }) File.Copy(step, Path.Combine(run, "checkpoints", $"words-{label}.ckpt"));

        var r = CliRunner.Run("export", run, "--milestones", "--out", dir["out"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(["README.md", "branches.json", "chck_1M", "chck_20M", "chck_2M", "main"], Directory.GetFileSystemEntries(dir["out"]).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using (var manifest = JsonDocument.Parse(File.ReadAllText(dir["out/branches.json"])))
            Assert.Equal(["chck_1M", "chck_2M", "chck_20M", "main"], manifest.RootElement.EnumerateArray().Select(b => b.GetProperty("revision").GetString()));
        foreach (var branch in new[] { "chck_1M", "chck_2M", "chck_20M", "main" })
            foreach (var f in new[] { "model.safetensors", "config.json", "tokenizer.json", "tokenizer_config.json" })
                Assert.True(File.Exists(Path.Combine(dir["out"], branch, f)), $"{branch}/{f}");
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir["out"], "chck_2M", "config.json")));
        Assert.Equal(5, config.RootElement.GetProperty("babylm").GetProperty("step").GetInt64());
        Assert.Contains("'chck_1M', 'chck_2M', 'chck_20M'", File.ReadAllText(Path.Combine(dir["out"], "README.md")));
        // An existing output folder is kept unless --force.
        AssertUserError(CliRunner.Run("export", run, "--milestones", "--out", dir["out"]), "already exists");
        Assert.Equal(0, CliRunner.Run("export", run, "--milestones", "--out", dir["out"], "--force").ExitCode);
        // --force replaces only a folder of this command's.
        Directory.CreateDirectory(dir["mine"]);
        File.WriteAllText(dir["mine/notes.txt"], "mine");
        AssertUserError(CliRunner.Run("export", run, "--milestones", "--out", dir["mine"], "--force"), "holds no branches.json");
        Assert.True(File.Exists(dir["mine/notes.txt"]));
        // A run without milestone checkpoints says how to get them.
        var none = CliRunner.Run("export", fx.Run, "--milestones", "--out", dir["none"]);
        AssertUserError(none, "has no milestone checkpoints");
        Assert.Contains("checkpoint.milestones: true", none.Stderr);
    }
}
