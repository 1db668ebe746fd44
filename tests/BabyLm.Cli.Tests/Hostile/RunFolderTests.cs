// Defects 2 and 3 of issue 21, and the run-folder rough edges: two trainings into one folder both ran
// (metrics.jsonl interleaved); `train --out` took over any folder (`/`, `../../etc`, a user's metrics.jsonl,
// a stray run.json); `export --out` overwrote another model's files; a swapped tokenizer.json was accepted
// by eval and export; the NaN message promised a checkpoint that did not exist and a resume that was refused.
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Sweeps;
using BabyLm.Experiments.Training;

namespace BabyLm.Cli.Tests.Hostile;

[Trait("Suite", Hostile.Suite)]
public sealed class RunFolderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string BabylmDll => typeof(CliApp).Assembly.Location;

    [Fact]
    public void A_second_training_into_the_same_folder_is_refused_naming_the_first_ones_pid()
    {
        var config = Hostile.Config(_dir, steps: 20_000);   // long enough to overlap, bounded if a second one is not refused
        var run = _dir["runs/c"];
        using var first = Process.Start(new ProcessStartInfo("dotnet", [BabylmDll, "train", config, "--out", run])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        first.OutputDataReceived += (_, _) => { };
        first.BeginOutputReadLine();
        try
        {
            // The first holds the folder once it has written its first metrics line.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!File.Exists(Path.Combine(run, RunFiles.Metrics)) && DateTime.UtcNow < deadline && !first.HasExited) Thread.Sleep(100);
            if (first.HasExited) Assert.Fail("the first training ended early: " + first.StandardError.ReadToEnd());
            var second = CliRunner.Run("train", config, "--out", run);
            Hostile.AssertUserError(second, $"is being trained by process {first.Id}", "two trainings never share a run folder");
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            first.WaitForExit();
        }
        // metrics.jsonl holds one line per logged step: nothing interleaved.
        var steps = File.ReadAllLines(Path.Combine(run, RunFiles.Metrics)).Where(l => l.EndsWith('}'))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64()).ToList();
        Assert.Equal(steps.Order().Distinct(), steps);
    }

    [Fact]
    public void Train_refuses_a_folder_of_other_files_and_leaves_it_untouched()
    {
        var config = Hostile.Config(_dir);
        var etc = _dir["root/etc"];
        _dir.Write("root/etc/passwd", "root:x:0:0::/root:/bin/bash\n");
        _dir.Write("root/etc/hosts", "127.0.0.1 localhost\n");
        var before = Hostile.Snapshot(_dir["root"]);
        // As `--out ../../etc` from a folder two levels down.
        var dotted = Path.Combine(_dir["root/a/b"], "..", "..", "etc");
        Hostile.AssertUserError(CliRunner.Run("train", config, "--out", dotted), "is not a run folder", "choose another --out");
        Assert.Equal(before, Hostile.Snapshot(_dir["root"]));
        Assert.Equal(["hosts", "passwd"], Directory.GetFileSystemEntries(etc).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_root_folder_is_refused_before_anything_is_written()
    {
        // `train --out /` (the filesystem root is never empty and has no config.yaml); checked without training.
        var ex = Assert.Throws<BabyLmException>(() => RunFolder.Check("/", "name: k\n", []));
        Assert.Contains("is not a run folder", ex.Message);
        Assert.False(File.Exists("/config.yaml"));
        Assert.False(File.Exists("/DONE"));
    }

    [Fact]
    public void A_users_own_metrics_file_is_never_overwritten()
    {
        var config = Hostile.Config(_dir);
        var mine = _dir.Write("mine/metrics.jsonl", "{\"step\": 1, \"my\": \"own numbers\"}\n");
        Hostile.AssertUserError(CliRunner.Run("train", config, "--out", _dir["mine"]), "it holds metrics.jsonl");
        Assert.Equal("{\"step\": 1, \"my\": \"own numbers\"}\n", File.ReadAllText(mine));
        Assert.Single(Directory.GetFileSystemEntries(_dir["mine"]));
    }

    [Fact]
    public void A_stray_run_json_does_not_make_a_folder_a_run_folder()
    {
        var config = Hostile.Config(_dir);
        _dir.Write("stray/run.json", "{\"id\": \"x\", \"config_hash\": \"y\", \"status\": \"failed\"}\n");
        Hostile.AssertUserError(CliRunner.Run("train", config, "--out", _dir["stray"]), "it holds run.json");
        Assert.Equal(["run.json"], Directory.GetFileSystemEntries(_dir["stray"]).Select(Path.GetFileName));
    }

    [Fact]
    public void An_empty_folder_and_a_rerun_of_the_same_config_are_fine()
    {
        var config = Hostile.Config(_dir);
        Directory.CreateDirectory(_dir["empty"]);
        var first = CliRunner.Run("train", config, "--out", _dir["empty"]);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Hostile.AssertUserError(CliRunner.Run("train", config, "--out", _dir["empty"]), "already done");
        Hostile.AssertUserError(CliRunner.Run("train", config, "--out", _dir["empty"], "--set", "model.width=32"),
            "holds a run of another config", "train into a new folder");
    }

    [Fact]
    public void A_file_given_as_the_run_folder_is_named()
    {
        var config = Hostile.Config(_dir);
        var file = _dir.Write("a-file", "x");
        Hostile.AssertUserError(CliRunner.Run("train", config, "--out", file), "is a file");
        Assert.Equal("x", File.ReadAllText(file));
    }

    private string TrainedRun(string name, string extra = "")
    {
        var config = Hostile.Config(_dir, name + ".yaml", extra: extra);
        var run = _dir["runs/" + name];
        var r = CliRunner.Run("train", config, "--out", run);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return run;
    }

    [Fact]
    public void Export_does_not_overwrite_another_models_files_without_force()
    {
        var a = TrainedRun("a");
        var b = TrainedRun("b", "optimizer:\n  lr: 0.01\n");
        var output = _dir["export"];
        _dir.Write("export/README.md", "my notes\n");
        Assert.Equal(0, CliRunner.Run("export", a, "--out", output).ExitCode);
        var exported = Hostile.Snapshot(output);
        Assert.Equal(0, CliRunner.Run("export", a, "--out", output).ExitCode);           // the same run again: fine
        Hostile.AssertUserError(CliRunner.Run("export", b, "--out", output), "already holds model.safetensors", "--force");
        Assert.Equal(exported, Hostile.Snapshot(output));
        Assert.Equal(0, CliRunner.Run("export", b, "--out", output, "--force").ExitCode);
        Assert.NotEqual(exported["model.safetensors"], Hostile.Snapshot(output)["model.safetensors"]);
        Assert.Equal("my notes\n", File.ReadAllText(Path.Combine(output, "README.md")));
        // A folder of a model this tool did not export (no babylm config) is not overwritten either.
        _dir.Write("hf/model.safetensors", "someone else's weights");
        Hostile.AssertUserError(CliRunner.Run("export", a, "--out", _dir["hf"]), "a model this run did not export");
        Assert.Equal("someone else's weights", File.ReadAllText(_dir["hf/model.safetensors"]));
    }

    [Fact]
    public void A_swapped_tokenizer_is_refused_by_eval_and_export()
    {
        var run = TrainedRun("a");
        var other = _dir["other-tokenizer.json"];
        // The same vocabulary size from another corpus: the model still loads, its token ids mean other things.
        var text = string.Concat(Directory.GetFiles(Path.Combine(Hostile.Corpus, "train_40k")).Order(StringComparer.Ordinal).Select(File.ReadAllText));
        _dir.Write("other/corpus.txt", text.ToUpperInvariant());
        Assert.Equal(0, CliRunner.Run("tokenizer", "train", _dir["other/corpus.txt"], "--vocab", "300", "--out", other).ExitCode);
        var tokenizer = Path.Combine(run, "tokenizer.json");
        Assert.Equal(JsonDocument.Parse(File.ReadAllText(tokenizer)).RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().Count(),
            JsonDocument.Parse(File.ReadAllText(other)).RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject().Count());
        File.Copy(other, tokenizer, overwrite: true);
        Hostile.AssertUserError(CliRunner.Run("eval", run), "is not the tokenizer");
        Hostile.AssertUserError(CliRunner.Run("export", run, "--out", _dir["x"]), "is not the tokenizer");
        Assert.False(Directory.Exists(_dir["x"]));
    }

    [Fact]
    public void A_checkpoint_without_the_tokenizer_section_still_loads()
    {
        var run = TrainedRun("a");
        var ckpt = Checkpoint.List(run).Last();
        // Rebuild the file as the format was before the tokenizer section (tag 9): same sections, no tag 9, new checksum.
        var bytes = File.ReadAllBytes(ckpt);
        var body = new MemoryStream();
        body.Write(bytes, 0, 12);
        int o = 12, found = 0;
        while (o < bytes.Length - 32)
        {
            int tag = BitConverter.ToInt32(bytes, o);
            long len = BitConverter.ToInt64(bytes, o + 4);
            if (tag == 9) found++;
            else body.Write(bytes, o, 12 + (int)len);
            o += 12 + (int)len;
        }
        Assert.Equal(1, found);
        var old = body.ToArray();
        File.WriteAllBytes(ckpt, [.. old, .. SHA256.HashData(old)]);
        Assert.Null(Checkpoint.Load(ckpt).TokenizerHash);
        var r = CliRunner.Run("eval", run, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(0, CliRunner.Run("export", run, "--out", _dir["x"]).ExitCode);
    }

    [Fact]
    public void Divergence_without_a_checkpoint_says_so_and_how_to_go_on()
    {
        var config = Hostile.Config(_dir, extra: "optimizer:\n  lr: 1000\nschedule:\n  kind: constant\n  warmup_fraction: 0\n");
        var r = CliRunner.Run("train", config, "--out", _dir["nan"]);
        // What the message says must be what the folder holds: no checkpoint.
        Assert.Empty(Checkpoint.List(_dir["nan"]));
        Hostile.AssertUserError(r, "training stopped: no checkpoint was written before it", "train into a new --out folder");
        Assert.DoesNotContain("is kept", r.Stderr);
        Assert.Contains("--allow-config-change optimizer.*", r.Stderr);
        // The documented way on: the same folder with a lower rate.
        var again = CliRunner.Run("train", config, "--out", _dir["nan"], "--set", "optimizer.lr=0.001", "--allow-config-change", "optimizer.*");
        Assert.True(again.ExitCode == 0, again.Stderr);
        var info = RunInfo.TryRead(_dir["nan"])!;
        var change = Assert.Single(info.ConfigChanges!);
        Assert.Equal(("optimizer.lr", "1000", "0.001", 2), (change.Key, change.From, change.To, change.Attempt));
        Assert.Null(change.Checkpoint);
    }

    [Fact]
    public void Divergence_after_a_checkpoint_names_it()
    {
        var run = _dir["d"];
        Directory.CreateDirectory(Path.Combine(run, RunFiles.Checkpoints));
        File.WriteAllText(Path.Combine(run, RunFiles.Checkpoints, Checkpoint.FileName(40)), "");
        var ex = Divergence.Error("loss", double.NaN, 43, run, new RunConfig(), "");
        Assert.Contains("the checkpoint of step 40 (before the divergence) is kept", ex.Message);
        Assert.Contains("--allow-config-change optimizer.lr", ex.Hint);
        var sweep = Divergence.Error("loss", double.NaN, 43, run, new RunConfig(), "grid");
        Assert.Contains("sweep spec", sweep.Hint);
    }

    [Fact]
    public void A_run_resumes_from_its_checkpoint_with_a_changed_learning_rate_when_allowed()
    {
        var config = Hostile.Config(_dir, extra: "schedule:\n  kind: constant\n  warmup_fraction: 0\n");
        var run = _dir["resume"];
        var result = Trainer.Run(new TrainRequest
        {
            Config = ConfigPaths.LoadRunConfig(config, []), RunDir = run, ConfigDir = _dir.Path,
            Curriculum = TrainingDefaults.Curriculum, StopAfterStep = 4,
        });
        Assert.False(result.Completed);
        Hostile.AssertUserError(CliRunner.Run("train", config, "--out", run, "--set", "optimizer.lr=0.0005"),
            "optimizer.lr: 0.001 → 0.0005", "--allow-config-change optimizer.lr");
        Hostile.AssertUserError(CliRunner.Run("train", config, "--out", run, "--set", "model.width=32", "--allow-config-change", "model.width"),
            "only keys under optimizer. and schedule. may change");
        var r = CliRunner.Run("train", config, "--out", run, "--set", "optimizer.lr=0.0005", "--allow-config-change", "optimizer.lr");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("resuming from step 4", r.Stderr);
        var lines = File.ReadAllLines(Path.Combine(run, RunFiles.Metrics)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([2L, 4, 6], lines.Select(l => l.GetProperty("step").GetInt64()));
        Assert.Equal([0.001, 0.001, 0.0005], lines.Select(l => l.GetProperty("lr").GetDouble()));
        var change = Assert.Single(RunInfo.TryRead(run)!.ConfigChanges!);
        Assert.Equal(Checkpoint.FileName(4), change.Checkpoint);
        Assert.Contains("lr: 0.0005", File.ReadAllText(Path.Combine(run, RunFiles.Config)));
    }
}
