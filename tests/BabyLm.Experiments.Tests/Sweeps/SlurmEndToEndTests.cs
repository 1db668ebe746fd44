// A sweep of tiny real runs on a real Slurm cluster (make test starts a local one-node cluster; in CI
// this test never skips). Five runs go in as one job array; one of them points at a corpus that does not
// exist. The four others finish, `babylm status` reports the fifth failed with its error and log, and
// after the corpus is put in place, resubmitting with --retry-failed submits that run alone.
using System.Text.Json.Nodes;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Sweeps;

namespace BabyLm.Experiments.Tests.Sweeps;

[Collection(SlowSweeps.Name)]
public sealed class SlurmEndToEndTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    [SlurmFact]
    [Trait("Category", "Slow")]
    [Trait("Category", "Slurm")]
    public void A_slurm_sweep_finishes_reports_the_failed_run_and_resubmits_only_it()
    {
        _dir.Write("corpus.txt", SweepFixtures.Corpus());
        _dir.Write("sweep.yaml", SweepFixtures.TinySpec("slurm", 60, """
            grid:
              data.corpus: [corpus.txt, later.txt]
            seeds: [1, 2, 3, 4]
            """, """
            exclude:
              - {data.corpus: later.txt, seed: [2, 3, 4]}
            """));
        string[] submit = ["sweep", "sweep.yaml", "--executor", "slurm", "--cpus-per-task", "1", "--time", "10", "--wait"];

        var first = BabyLmCli.Run(_dir.Path, Limit, null, submit);
        Assert.True(first.ExitCode == 3, first.ToString());                   // 3: runs failed
        Assert.Contains("5 to submit", first.Stdout);
        Assert.Contains("data.corpus 'later.txt' does not exist", first.Stderr);

        var store = SweepStore.Open(_dir["runs/slurm"]);
        var bad = store.Index.Runs.Single(r => r.Label.Contains("later.txt", StringComparison.Ordinal)).Id;
        var good = store.Index.Runs.Where(r => r.Id != bad).Select(r => r.Id).ToList();
        Assert.Equal(4, good.Count);

        var status = BabyLmCli.Run(_dir.Path, "status", store.Dir, "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var runs = JsonNode.Parse(status.Stdout)!["runs"]!.AsArray();
        var job = Assert.Single(SlurmExecutor.Submissions(store)).JobId;
        foreach (var run in runs)
        {
            var id = (string)run!["id"]!;
            Assert.Equal(id == bad ? "failed" : "done", (string)run["state"]!);
            Assert.StartsWith(job + "_", (string)run["slurm_task"]!);
        }
        var failed = runs.Single(r => (string)r!["id"]! == bad)!;
        Assert.Contains("later.txt", (string)failed["error"]!);
        Assert.NotEmpty(failed["log_tail"]!.AsArray());
        Assert.Contains("later.txt", File.ReadAllText(Path.Combine(store.RunDir(bad), RunFiles.Info)));   // the error is in run.json

        var shown = BabyLmCli.Run(_dir.Path, "status", store.Dir);
        Assert.Contains("sweep slurm: 4 done, 1 failed", shown.Stdout);
        Assert.Contains($"failed {bad} [data.corpus=later.txt seed=1] (slurm ", shown.Stdout);
        Assert.Contains("  | ", shown.Stdout);                                 // the tail of its log

        // Without --retry-failed nothing is left to submit; with it, after the fix, only the failed run.
        var again = BabyLmCli.Run(_dir.Path, Limit, null, ["sweep", "sweep.yaml", "--executor", "slurm"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("0 to submit, 4 done, 1 failed (skipped", again.Stdout);
        File.Copy(_dir["corpus.txt"], _dir["later.txt"]);
        var retry = BabyLmCli.Run(_dir.Path, Limit, null, [.. submit, "--retry-failed"]);
        Assert.True(retry.ExitCode == 0, retry.ToString());
        Assert.Contains("1 to submit, 4 done", retry.Stdout);
        var submissions = SlurmExecutor.Submissions(store);
        Assert.Equal(2, submissions.Count);
        Assert.Equal([bad], submissions[1].RunIds);

        foreach (var state in SweepStore.Open(store.Dir).States())
        {
            Assert.True(state.Done, $"run {state.Id} is not done");
            Assert.Equal(state.Id == bad ? 2 : 1, state.Info!.Attempts);
            Assert.StartsWith((state.Id == bad ? submissions[1] : submissions[0]).JobId + "_", state.Info.SlurmJob);
        }
    }
}
