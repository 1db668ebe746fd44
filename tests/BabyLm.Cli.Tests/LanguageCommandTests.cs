// `babylm corpus synth` and `babylm probes ls|export` as a user calls them.
using System.Text.Json;

namespace BabyLm.Cli.Tests;

public sealed class LanguageCommandTests
{
    [Fact]
    public void Corpus_synth_writes_a_corpus_that_corpus_stats_reads()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("corpus", "synth", "--words", "20k", "--out", dir["synth"], "--seed", "2");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("train words (asked 20,000)", r.Stdout);
        Assert.Contains("train_20k/childes.train", r.Stdout);
        Assert.True(File.Exists(dir["synth/train_20k/childes.train.stages"]));
        var stats = CliRunner.Run("corpus", "stats", dir["synth"], "--json");
        Assert.Equal(0, stats.ExitCode);
        var again = CliRunner.Run("corpus", "synth", "--words", "20k", "--out", dir["synth"]);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--force", again.Stderr);
    }

    [Fact]
    public void Probes_ls_lists_paradigms_as_text_and_json()
    {
        var text = CliRunner.Run("probes", "ls", "--pairs", "10");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("builtin: 29 paradigms, 12 phenomena, 290 pairs", text.Stdout);
        Assert.Contains("determiner_noun_agreement_adjacent", text.Stdout);
        var json = CliRunner.Run("probes", "ls", "--pairs", "10", "--json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var suite = doc.RootElement[0];
        Assert.Equal("builtin", suite.GetProperty("name").GetString());
        Assert.Equal(29, suite.GetProperty("paradigms").GetArrayLength());
        Assert.Equal(10, suite.GetProperty("paradigms")[0].GetProperty("pairs").GetInt32());
        Assert.Equal("substitution", suite.GetProperty("paradigms")[0].GetProperty("design").GetString());
        Assert.Contains(suite.GetProperty("paradigms").EnumerateArray(), p => p.GetProperty("design").GetString() == "permutation");
    }

    [Fact]
    public void Probes_ls_reads_blimp_and_zorro_folders_and_reports_bad_specs()
    {
        using var dir = new TempDir();
        dir.Write("zorro/case-subjective_pronoun.txt", "her is here .\nshe is here .\n");
        dir.Write("blimp/hypernym.jsonl", "{\"sentence_good\": \"A dog is an animal.\", \"sentence_bad\": \"An animal is a dog.\"}\n");
        var r = CliRunner.Run("probes", "ls", "--suite", $"zorro:{dir["zorro"]},blimp:{dir["blimp"]}");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("case-subjective_pronoun", r.Stdout);
        Assert.Contains("hypernym", r.Stdout);
        var bad = CliRunner.Run("probes", "ls", "--suite", "blimb:x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("did you mean blimp?", bad.Stderr);
        var missing = CliRunner.Run("probes", "ls", "--suite", $"zorro:{dir["nothing"]}");
        Assert.Equal(2, missing.ExitCode);
    }

    [Fact]
    public void Probes_export_writes_one_blimp_file_per_paradigm()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("probes", "export", "--out", dir["out"], "--pairs", "5", "--seed", "1");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(29, Directory.GetFiles(dir["out"], "*.jsonl").Length);
        Assert.True(File.Exists(dir["out/suite.json"]));
        Assert.Equal(5, File.ReadAllLines(dir["out/binding_principle_a.jsonl"]).Length);
    }
}
