// The README's tour, command by command, as a new user would type it (child processes of the built
// babylm), scaled down so it runs in a minute: every command the README shows must work as shown.
using BabyLm.Experiments.Tests.Evaluation;
using BabyLm.Experiments.Tests.Sweeps;

namespace BabyLm.Experiments.Tests.Demo;

[Trait("Category", "Slow")]
public sealed class ReadmeTourTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "babylm-tour-" + Guid.NewGuid().ToString("N")[..8]);

    public ReadmeTourTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private CliResult Ok(params string[] args)
    {
        var r = BabyLmCli.Run(_dir, TimeSpan.FromMinutes(5), null, args);
        Assert.True(r.ExitCode == 0, $"babylm {string.Join(' ', args)}\n{r}");
        return r;
    }

    private static string Config(string name) => Path.Combine(Path.GetDirectoryName(BabyLmCli.Dll)!, "configs", name);

    [Fact]
    public void TheReadmeTour_RunsAsWritten()
    {
        // 1. corpus
        Ok("corpus", "synth", "--words", "200k", "--out", "data/babylm-2024", "--seed", "1");
        Assert.Contains("strict-small", Ok("corpus", "stats", "data/babylm-2024", "--cleaning", "childes").Stdout);
        Ok("corpus", "sample", "data/babylm-2024", "--split", "train_200k", "--words", "100k", "--out", "data/my10M", "--seed", "1");
        Ok("corpus", "synth", "--words", "50k", "--out", "data/synth10M", "--seed", "1");

        // 2. tokenizer and shards
        Ok("tokenizer", "train", "data/my10M", "--vocab", "600", "--out", "data/tok.json");
        Ok("corpus", "prepare", "data/my10M", "--tokenizer", "data/tok.json", "--out", "data/my10M.shards");
        var encode = BabyLmCli.StartInfo(_dir, ["tokenizer", "encode", "--tokenizer", "data/tok.json"]);
        string ids;
        using (var p = System.Diagnostics.Process.Start(encode)!)
        {
            p.StandardInput.Write("where is the ball ?\n");
            p.StandardInput.Close();
            ids = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }
        Assert.Matches("^[0-9]+( [0-9]+)*\n$", ids);
        using (var p = System.Diagnostics.Process.Start(BabyLmCli.StartInfo(_dir, ["tokenizer", "decode", "--tokenizer", "data/tok.json"]))!)
        {
            p.StandardInput.Write(ids);
            p.StandardInput.Close();
            Assert.Equal("where is the ball ?\n", p.StandardOutput.ReadToEnd());
            p.WaitForExit();
        }

        // 3. one model (the shipped tiny.yaml, shrunk with --set)
        string[] small = ["--set", "data.corpus=data/my10M", "--set", "data.vocab=600", "--set", "model.width=32", "--set", "budget.epochs=0",
            "--set", "budget.steps=20", "--set", "eval.probes_every_steps=10", "--set", "eval.probe_pairs=10", "--set", "eval.final_probe_pairs=20"];
        Ok(["curriculum", "show", Config("tiny.yaml"), .. small, "--set", "curriculum.scorer=length", "--set", "curriculum.pacing=root", "--steps", "5"]);
        Ok(["validate", Config("tiny.yaml"), .. small]);
        Ok(["train", Config("tiny.yaml"), .. small, "--out", "runs/single/a"]);
        Ok(["train", Config("tiny.yaml"), .. small, "--set", "model.arch=llama", "--set", "objective.kind=mlm", "--out", "runs/single/b"]);

        // 4. score, baselines, export — BLiMP- and Zorro-format suites from files, as real ones would be
        Ok("probes", "export", "--out", "data/blimp");
        Directory.CreateDirectory(Path.Combine(_dir, "data", "zorro"));
        File.WriteAllText(Path.Combine(_dir, "data", "zorro", "agreement_subject_verb-across_prepositional_phrase.txt"),
            "the dogs on the hill is big .\nthe dogs on the hill are big .\nthe cat near the trees are sad .\nthe cat near the trees is sad .\n");
        var eval = Ok("eval", "runs/single/a", "--probes", "builtin,blimp:data/blimp,zorro:data/zorro", "--scores", "items.jsonl");
        Assert.Contains("zorro", eval.Stdout);
        Assert.True(File.Exists(Path.Combine(_dir, "items.jsonl")));
        Ok("eval", "runs/single/b", "--probes", "zorro:data/zorro", "--pll", "l2r");
        // The BabyLM zero-shot suite: the fixture copy of the official evaluation_data layout stands in for the download.
        var fixture = Path.Combine(ZeroShotData.RepoRoot, "tests", "Data", "zeroshot", "evaluation_data");
        foreach (var file in Directory.GetFiles(fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_dir, "data", "evaluation_data", Path.GetRelativePath(fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Ok("eval", "runs/single/a", "--probes", "babylm:data/evaluation_data/full_eval", "--ties", "babylm", "--submission", "submission.json");
        Assert.Contains("\"comps\"", File.ReadAllText(Path.Combine(_dir, "submission.json")));
        Ok("probes", "ls", "--suite", "babylm:data/evaluation_data/full_eval");
        Ok("validate", Config("babylm-2025.yaml"), "--set", "data.corpus=data/babylm-2024", "--set", "data.split=train_200k",
            "--set", "eval.probes=[babylm:data/evaluation_data/fast_eval]");
        Ok("baselines", "data/my10M", "--probes", "builtin");
        Ok("export", "runs/single/a", "--format", "hf", "--out", "exports/a");
        foreach (var f in new[] { "model.safetensors", "config.json", "tokenizer.json" }) Assert.True(File.Exists(Path.Combine(_dir, "exports", "a", f)));

        // 5. the strict-small sweep as the README names it (dry run: its budget is days), then a small real one
        Ok("validate", Config("strict-small.yaml"), "--set", "data.corpus=data/babylm-2024", "--set", "data.split=train_200k");
        Ok("sweep", Config("strict-small.yaml"), "--set", "data.corpus=data/babylm-2024", "--set", "data.split=train_200k", "--dry-run");
        var spec = Path.Combine(_dir, "small-sweep.yaml");
        File.WriteAllText(spec, """
            name: small
            include: tiny.yaml
            base: {threads: 1, data: {corpus: data/my10M, vocab: 600}, model: {width: 32}, budget: {epochs: 0, steps: 20},
                   eval: {probes_every_steps: 10, probe_pairs: 10, final_probe_pairs: 20}}
            zip:
              - {name: [random, age], curriculum.order: [random, corpus]}
            seeds: 2
            """.Replace("include: tiny.yaml", $"include: {Config("tiny.yaml")}", StringComparison.Ordinal));
        Ok("sweep", spec, "--workers", "2");
        Assert.Contains("done", Ok("status", "runs/small").Stdout);
        Ok("report", "runs/small", "--by", "name", "--baseline", "random");
        Assert.True(File.Exists(Path.Combine(_dir, "runs", "small", "report", "report.md")));
        var query = Ok("query", "runs/small", "select name, avg(accuracy) from last_suite_scores join runs using (run_id) group by name");
        Assert.Contains("random", query.Stdout);
        Assert.Contains("age", query.Stdout);
    }
}
