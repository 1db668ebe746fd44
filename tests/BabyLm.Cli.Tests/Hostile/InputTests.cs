// The rough edges of issue 21: bad input that crashed with "internal error", gave a misleading message,
// silently changed training, or wrote before it was refused. Each gets a clear error (exit 2, naming the
// file, line or key, what was wrong and what is allowed) or the documented behaviour.
using System.Diagnostics;
using System.Text.Json;
using BabyLm.Corpus.Reading;
using BabyLm.Corpus.Shards;

namespace BabyLm.Cli.Tests.Hostile;

[Trait("Suite", Hostile.Suite)]
public sealed class InputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // ---- sizes that overflowed the engine, the tokenizer trainer, the probe generator, the line reader ----

    [Theory]
    [InlineData("model.width=32768", "model.heads=256", "the parameter buffer")]
    [InlineData("model.context=65536", "model.heads=4", "the logits")]
    public void Validate_refuses_models_whose_buffers_the_engine_cannot_hold(string a, string b, string buffer)
    {
        // The curated starting config with one size raised, as the probe did.
        var config = Path.Combine(TestPaths.RepoRoot, "experiments", "configs", "tiny.yaml");
        var line = Hostile.AssertUserError(CliRunner.Run("validate", config, "--set", "data.corpus=" + Hostile.Corpus, "--set", a, "--set", b),
            buffer, "make the model or batch smaller");
        Assert.Contains("more than one buffer of this engine can", line);
    }

    [Fact]
    public void Validate_and_train_refuse_a_model_larger_than_memory_saying_what_it_needs_and_what_there_is()
    {
        // 256 layers of width 512: ≈ 0.8B parameters, ≈ 22 GiB with gradients, moments and a checkpoint to resume; the child process
        // gets a 1 GiB heap, so the machine it sees has 1 GiB whatever this one has.
        var config = Hostile.Config(_dir);
        foreach (var command in new[] { "validate", "train" })
        {
            var psi = new ProcessStartInfo("dotnet", [typeof(CliApp).Assembly.Location, command, config,
                "--set", "model.layers=256", "--set", "model.width=512", "--set", "model.heads=8", .. command == "train" ? new[] { "--out", _dir["big"] } : []])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            };
            psi.Environment["DOTNET_GCHeapHardLimit"] = "0x40000000";
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            var r = new CliResult(p.ExitCode, p.StandardOutput.ReadToEnd(), stderr);
            var line = Hostile.AssertUserError(r, "needs ≈ ", "make the model or batch smaller");
            Assert.Matches(@"needs ≈ 2[0-9]\.[0-9] GiB .*this machine has 1\.0 GiB", line);
        }
        Assert.False(Directory.Exists(_dir["big"]));
    }

    [Fact]
    public void Tokenizer_vocab_probe_pairs_and_endless_lines_are_bounded()
    {
        Hostile.AssertUserError(CliRunner.Run("tokenizer", "train", Hostile.Corpus, "--vocab", "2000000000", "--out", _dir["t.json"]),
            "--vocab 2,000,000,000 is more than this tool trains (at most 1,048,576)");
        Hostile.AssertUserError(CliRunner.Run("probes", "ls", "--pairs", "2000000000"), "at most 100,000");
        Hostile.AssertUserError(CliRunner.Run("corpus", "stats", "/dev/zero"), "/dev/zero:1: a line longer than 256 MiB");
    }

    [Fact]
    public void The_memory_estimate_holds_to_what_the_engine_allocates()
    {
        foreach (var arch in new[] { "gpt", "llama", "bert" })
        {
            var model = new BabyLm.Engine.Models.ModelConfig { Arch = arch, Layers = 3, Heads = 4, Width = 64, Context = 32 };
            const int vocab = 500, B = 4, T = 32;
            var estimate = BabyLm.Experiments.Training.MemoryEstimate.Of(model, vocab, B, T);
            using var backend = new BabyLm.Engine.Backends.CpuBackend(1);
            long before = GC.GetAllocatedBytesForCurrentThread();
            using var net = BabyLm.Engine.Models.ModelFactory.Create(model, vocab, backend);
            var batch = new BabyLm.Engine.Batch(B, T);
            for (int i = 0; i < batch.Inputs.Length; i++) { batch.Inputs[i] = 5 + i % 400; batch.Targets[i] = 5 + (i + 1) % 400; }
            batch.TargetCount = batch.Inputs.Length;
            net.Initialize(1);
            net.Forward(batch, causal: arch != "bert", 1f);
            net.Backward();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            // The parameter count is exact up to the 16-float alignment of each tensor.
            Assert.InRange(estimate.Parameters - net.Layout.Total, 0, 16 * (20 + 12 * model.Layers));
            // Parameters + gradients + activations + logits: what the model itself allocates (the optimizer's moments are the trainer's).
            double modelBytes = 4 * (2 * estimate.Parameters + estimate.Activations);
            Assert.InRange(allocated / modelBytes, 0.8, 1.25);
        }
    }

    // ---- a folder where a file is expected, a file where a folder is expected ----

    [Fact]
    public void A_folder_where_a_file_belongs_and_a_file_where_a_folder_belongs_are_named()
    {
        var file = _dir.Write("afile", "x");
        var config = Hostile.Config(_dir);
        Hostile.AssertUserError(CliRunner.Run("train", _dir.Path), $"config file '{_dir.Path}' is a folder; a file was expected");
        Hostile.AssertUserError(CliRunner.Run("validate", _dir.Path), "is a folder; a file was expected");
        Hostile.AssertUserError(CliRunner.Run("sweep", _dir.Path), $"sweep spec '{_dir.Path}' is a folder");
        Hostile.AssertUserError(CliRunner.Run("tokenizer", "encode", "--tokenizer", _dir.Path), $"tokenizer '{_dir.Path}' is a folder");
        Hostile.AssertUserError(CliRunner.Run("tokenizer", "train", Hostile.Corpus, "--vocab", "300", "--out", _dir.Path), $"'{_dir.Path}' is a folder; a file path was expected");
        Hostile.AssertUserError(CliRunner.Run("eval", config), "is a file but not a checkpoint");
        Hostile.AssertUserError(CliRunner.Run("query", file, "SELECT 1"), "is a file; a folder was expected");
        Hostile.AssertUserError(CliRunner.Run("status", file), "is a file; a folder was expected");
        Hostile.AssertUserError(CliRunner.Run("report", file, "--by", "seed"), "is a file; a folder was expected");
        Hostile.AssertUserError(CliRunner.Run("corpus", "stats", Path.Combine(file, "corpus")), $"'{file}' is a file, not a folder");
        Hostile.AssertUserError(CliRunner.Run("probes", "ls", "--suite", "zorro:" + file + "/x"), "Zorro path");
        Hostile.AssertUserError(CliRunner.Run("corpus", "synth", "--words", "1k", "--out", Path.Combine(file, "c")), $"'{file}' is a file, so nothing can be written under it");
        Assert.All(CliRunner.Run("train", _dir.Path).ErrorLines, l => Assert.DoesNotContain("Is a directory", l));
    }

    // ---- config errors name file:line:key ----

    [Fact]
    public void Config_errors_name_the_line_of_range_errors_and_of_a_mapping_given_for_a_number()
    {
        var config = _dir.Write("bad.yaml", "name: bad\nmodel:\n  layers: 999\n  width:\n    x: 1\ndata:\n  corpus: c\nbudget:\n  steps: 1\n");
        var r = CliRunner.Run("validate", config);
        Hostile.AssertUserError(r, $"{config}:3: model.layers: 999 is out of range; allowed: 1 to 256");
        Assert.Contains($"{config}:4: model.width: expected an integer, got a mapping", r.Stderr);
        Assert.DoesNotContain($"{config}:1:", r.Stderr);
    }

    [Fact]
    public void A_bad_command_line_setting_is_named_as_such_not_as_a_line_of_the_file()
    {
        var config = Hostile.Config(_dir);
        var r = CliRunner.Run("validate", config, "--set", "model.layers=999", "--set", "model.layrs=3");
        Hostile.AssertUserError(r, "--set model.layers=999: model.layers: 999 is out of range");
        Assert.Contains("--set model.layrs=3: model.layrs: unknown key 'layrs' (did you mean 'layers'?)", r.Stderr);
        Assert.DoesNotContain($"{config}:1:", r.Stderr);
    }

    // ---- stale temporaries of killed writers ----

    private static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true"))!;
        p.WaitForExit();
        return p.Id;
    }

    [Fact]
    public void Stale_temporaries_of_a_killed_prepare_are_removed_by_the_next_one()
    {
        var tokenizer = _dir["tok.json"];
        Assert.Equal(0, CliRunner.Run("tokenizer", "train", Hostile.Corpus, "--vocab", "300", "--out", tokenizer).ExitCode);
        var output = _dir["shards"];
        int dead = DeadPid();
        // As a prepare killed mid-way leaves them: <out>.tmp-<pid>-<n> (the old name, without a host) with a few MB in it.
        var stale = _dir.WriteBytes($"shards.tmp-{dead}-1/train/tokens.bin.tmp-{dead}-2", new byte[3 << 20]);
        var host = new string(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(40).ToArray());
        var staleNew = _dir.WriteBytes($"shards.tmp-{dead}-3-{host}/x", [1]);
        var live = _dir.WriteBytes($"shards.tmp-{Environment.ProcessId}-9/x", [1]);   // a live writer's: kept
        var r = CliRunner.Run("corpus", "prepare", Hostile.Corpus, "--tokenizer", tokenizer, "--out", output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.False(Directory.Exists(_dir[$"shards.tmp-{dead}-1"]));
        Assert.False(File.Exists(staleNew));
        Assert.True(File.Exists(live));
        // Also when the shards are already there (a cached prepare).
        _dir.WriteBytes($"shards.tmp-{dead}-4/x", [1]);
        Assert.Equal(0, CliRunner.Run("corpus", "prepare", Hostile.Corpus, "--tokenizer", tokenizer, "--out", output).ExitCode);
        Assert.False(Directory.Exists(_dir[$"shards.tmp-{dead}-4"]));
        Assert.False(File.Exists(stale));
    }

    [Fact]
    public void Stale_temporaries_in_the_cache_are_removed_by_the_next_run_that_uses_the_entry()
    {
        var config = Hostile.Config(_dir);
        Assert.Equal(0, CliRunner.Run("train", config, "--out", _dir["runs/a"]).ExitCode);
        var shards = Assert.Single(Directory.GetDirectories(_dir["cache/shards"]));
        var tokenizer = Assert.Single(Directory.GetFiles(_dir["cache/tokenizers"], "*.json"));
        int dead = DeadPid();
        // As a run killed while preparing shards or writing the tokenizer leaves them: cache/shards/<key>.tmp-*, <tokenizer>.tmp-*.
        var staleShards = _dir.WriteBytes(Path.GetRelativePath(_dir.Path, $"{shards}.tmp-{dead}-1/train/tokens.bin"), new byte[1 << 20]);
        var staleTokenizer = _dir.WriteBytes(Path.GetRelativePath(_dir.Path, $"{tokenizer}.tmp-{dead}-2"), [1, 2, 3]);
        Assert.Equal(0, CliRunner.Run("train", config, "--out", _dir["runs/b"]).ExitCode);
        Assert.False(File.Exists(staleShards));
        Assert.False(Directory.Exists($"{shards}.tmp-{dead}-1"));
        Assert.False(File.Exists(staleTokenizer));
    }

    [Fact]
    public void A_folder_a_killed_swap_moved_aside_is_put_back_when_the_destination_is_missing()
    {
        int dead = DeadPid();
        var aside = _dir.Write($"corpus.old.tmp-{dead}-1/corpus.json", "{}");
        BabyLm.Core.AtomicFile.RemoveStaleTemporaries(_dir["corpus"]);
        Assert.True(File.Exists(_dir["corpus/corpus.json"]));
        Assert.False(File.Exists(aside));
    }

    // ---- CRLF and a byte order mark ----

    [Fact]
    public void Crlf_and_a_byte_order_mark_do_not_change_training_text_in_any_cleaning_profile()
    {
        var lf = "*MOT:\tthe dog runs .\n*CHI:\tmore juice !\nwhere is the ball ?\n";
        var crlf = "\uFEFF" + lf.Replace("\n", "\r\n", StringComparison.Ordinal);
        _dir.Write("lf/train_10M/childes.train", lf);
        _dir.Write("lf/dev/childes.dev", lf);
        _dir.Write("crlf/train_10M/childes.train", crlf);
        _dir.Write("crlf/dev/childes.dev", crlf);
        var tokenizer = _dir["tok.json"];
        Assert.Equal(0, CliRunner.Run("tokenizer", "train", _dir["lf"], "--vocab", "300", "--min-frequency", "1", "--out", tokenizer).ExitCode);
        foreach (var cleaning in CleaningProfile.Names)
        {
            foreach (var name in new[] { "lf", "crlf" })
            {
                var r = CliRunner.Run("corpus", "prepare", _dir[name], "--tokenizer", tokenizer, "--out", _dir[$"{name}-{cleaning}"], "--cleaning", cleaning);
                Assert.True(r.ExitCode == 0, r.Stderr);
            }
            // The same tokens, byte for byte: no '\r' and no BOM became a token.
            Assert.Equal(File.ReadAllBytes(_dir[$"lf-{cleaning}/train/tokens.bin"]), File.ReadAllBytes(_dir[$"crlf-{cleaning}/train/tokens.bin"]));
            var manifest = ShardSet.ReadManifest(_dir[$"crlf-{cleaning}"]);
            Assert.Equal((3L, 1), (manifest.Splits[0].CrlfLines, manifest.Splits[0].BomFiles));
            Assert.Equal((0L, 0), (ShardSet.ReadManifest(_dir[$"lf-{cleaning}"]).Splits[0].CrlfLines, ShardSet.ReadManifest(_dir[$"lf-{cleaning}"]).Splits[0].BomFiles));
        }
        var stats = CliRunner.Run("corpus", "stats", _dir["crlf"]);
        Assert.Contains("note: train_10M/childes.train has a byte order mark (dropped) and 3 CRLF line endings (read as LF)", stats.Stdout.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal));
        var json = JsonDocument.Parse(CliRunner.Run("corpus", "stats", _dir["crlf"], "--json").Stdout).RootElement;
        var source = json.GetProperty("splits")[0].GetProperty("sources")[0];
        Assert.Equal(3, source.GetProperty("crlf_lines").GetInt64());
        Assert.True(source.GetProperty("bom").GetBoolean());
        // Words and types are those of the LF text.
        var lfStats = JsonDocument.Parse(CliRunner.Run("corpus", "stats", _dir["lf"], "--json").Stdout).RootElement.GetProperty("splits")[0].GetProperty("sources")[0];
        Assert.Equal(lfStats.GetProperty("types").GetInt64(), source.GetProperty("types").GetInt64());
        Assert.Equal(lfStats.GetProperty("bytes").GetInt64(), source.GetProperty("bytes").GetInt64());
    }

    // ---- a sample with no words, an empty corpus ----

    [Fact]
    public void Sampling_fewer_words_than_the_only_line_holds_is_an_error_not_an_empty_corpus()
    {
        var corpus = _dir.Write("long/book.txt", string.Join(' ', Enumerable.Repeat("word", 2_100_000)) + "\n");
        Hostile.AssertUserError(CliRunner.Run("corpus", "sample", corpus, "--words", "1000", "--out", _dir["s"]),
            "every utterance of its train split 'train' is far longer (the shortest has 2,100,000 words)", "ask for more words");
        Assert.False(Directory.Exists(_dir["s"]));
    }

    [Fact]
    public void An_empty_corpus_file_is_refused_by_prepare_as_by_sample_and_tokenizer_train()
    {
        var empty = _dir.Write("empty.txt", "\n  \n");
        var tokenizer = _dir["tok.json"];
        Assert.Equal(0, CliRunner.Run("tokenizer", "train", Hostile.Corpus, "--vocab", "300", "--out", tokenizer).ExitCode);
        Hostile.AssertUserError(CliRunner.Run("corpus", "prepare", empty, "--tokenizer", tokenizer, "--out", _dir["shards"]), "has no words");
        Assert.False(Directory.Exists(_dir["shards"]));
        Hostile.AssertUserError(CliRunner.Run("corpus", "sample", empty, "--words", "1", "--out", _dir["s"]), "has no words");
        Hostile.AssertUserError(CliRunner.Run("tokenizer", "train", empty, "--out", _dir["t2.json"]), "has no text");
    }

    // ---- invalid UTF-8 in probe files ----

    [Fact]
    public void Invalid_utf8_in_blimp_and_zorro_files_is_refused_naming_file_line_and_byte()
    {
        var good = Hostile.Utf8("{\"sentence_good\": \"the dog runs\", \"sentence_bad\": \"the dog run\"}\n");
        var prefix = Hostile.Utf8("{\"sentence_good\": \"the caf");
        var bad = prefix.Concat(new byte[] { 0xE9 }).Concat(Hostile.Utf8(" runs\", \"sentence_bad\": \"x\"}\n")).ToArray();
        var blimp = _dir.WriteBytes("blimp/p.jsonl", [.. good, .. bad]);
        Hostile.AssertUserError(CliRunner.Run("probes", "ls", "--suite", "blimp:" + _dir["blimp"]),
            $"{blimp}:2: not valid UTF-8 (byte {prefix.Length + 1} of the line, 0xE9)", "must be UTF-8");
        var zorro = _dir.WriteBytes("zorro/binding-x.txt", [.. Hostile.Utf8("the dog run\nthe dog runs\n"), 0xFF, .. Hostile.Utf8("x\ny\n")]);
        Hostile.AssertUserError(CliRunner.Run("probes", "ls", "--suite", "zorro:" + _dir["zorro"]), $"{zorro}:3: not valid UTF-8 (byte 1 of the line, 0xFF)");
    }

    // ---- sweep options checked before anything is written ----

    [Theory]
    [InlineData("--workers", "0")]
    [InlineData("--threads-per-run", "0")]
    public void Sweep_options_are_checked_before_any_folder_is_written(string option, string value)
    {
        var spec = _dir.Write("sw.yaml", $"name: sw\nbase:\n  threads: 1\n  data:\n    corpus: {Hostile.Corpus}\n    vocab: 300\n    track: none\n"
            + "  model: {layers: 1, heads: 2, width: 16, context: 16}\n  budget: {steps: 2}\nseeds: [1, 2]\n");
        Hostile.AssertUserError(CliRunner.Run("sweep", spec, "--runs", _dir["runs"], option, value), $"{option} must be at least 1");
        Assert.False(Directory.Exists(_dir["runs"]));
    }

    // ---- --force replaces only a folder this tool wrote ----

    [Fact]
    public void Force_replaces_only_a_corpus_folder_this_tool_wrote()
    {
        var mine = _dir.Write("mine/thesis.tex", "\\documentclass{article}\n");
        Hostile.AssertUserError(CliRunner.Run("corpus", "synth", "--words", "1k", "--out", _dir["mine"], "--force"), "holds no corpus.json");
        Hostile.AssertUserError(CliRunner.Run("corpus", "sample", Hostile.Corpus, "--words", "1k", "--out", _dir["mine"], "--force"), "holds no corpus.json");
        Hostile.AssertUserError(CliRunner.Run("probes", "export", "--out", _dir["mine"], "--pairs", "2", "--force"), "holds no suite.json");
        Assert.Equal("\\documentclass{article}\n", File.ReadAllText(mine));
        // A corpus this tool wrote is replaced.
        Assert.Equal(0, CliRunner.Run("corpus", "synth", "--words", "1k", "--out", _dir["c"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("corpus", "synth", "--words", "2k", "--out", _dir["c"], "--force").ExitCode);
        Assert.True(Directory.Exists(_dir["c/train_2k"]));
        Assert.False(Directory.Exists(_dir["c/train_1k"]));
    }

    // ---- probes ls header, the cache in --help ----

    [Fact]
    public void Probes_ls_keeps_its_header_columns_apart_whatever_the_names()
    {
        _dir.Write("z/binding-a.txt", "b a\na b\n");
        var r = CliRunner.Run("probes", "ls", "--suite", "zorro:" + _dir["z"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var header = r.Stdout.Split('\n').First(l => l.TrimStart().StartsWith("paradigm", StringComparison.Ordinal));
        Assert.Equal(["paradigm", "phenomenon", "field", "pairs"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = r.Stdout.Split('\n').First(l => l.TrimStart().StartsWith("binding-a", StringComparison.Ordinal));
        Assert.Equal(["binding-a", "binding", "-", "1"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void The_cache_default_is_the_same_in_the_code_the_docs_and_the_help()
    {
        var help = CliRunner.Run("train", "--help");
        Assert.Contains("~/.cache/babylm", help.Stdout);
        Assert.Contains("$BABYLM_CACHE", help.Stdout);
        var doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "experiments", "Training", "RunConfig.cs"));
        Assert.DoesNotContain(".babylm-cache", doc);
        Assert.Contains("~/.cache/babylm", doc);
        // The code: with data.cache and $BABYLM_CACHE unset, the cache is ~/.cache/babylm.
        if (Environment.GetEnvironmentVariable("BABYLM_CACHE") is { Length: > 0 } env)
            Assert.Equal(Path.GetFullPath(env), BabyLm.Experiments.Training.RunData.CacheRoot(new BabyLm.Experiments.Training.DataConfig()));
        else
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "babylm"),
                BabyLm.Experiments.Training.RunData.CacheRoot(new BabyLm.Experiments.Training.DataConfig()));
        Assert.Equal(_dir["c"], BabyLm.Experiments.Training.RunData.CacheRoot(new BabyLm.Experiments.Training.DataConfig { Cache = "c" }, _dir.Path));
    }
}
