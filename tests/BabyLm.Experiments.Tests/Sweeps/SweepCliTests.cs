// `babylm validate`, `babylm sweep --dry-run` and the executor errors, through the real CLI (a child
// process, as a user would run it). Nothing here trains.
using BabyLm.Experiments.Sweeps;

namespace BabyLm.Experiments.Tests.Sweeps;

public sealed class SweepCliTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Spec = """
        name: cli
        base: {data: {corpus: corpus.txt, track: none}, budget: {steps: 10}, threads: 1}
        grid:
          model.width: [32, 64, 96]
          optimizer.lr: [1e-3, 3e-3]
        seeds: [1, 2, 3]
        exclude:
          - {model.width: 96, optimizer.lr: 3e-3}
        """;

    [Fact]
    public void Validate_reports_every_problem_of_a_spec_at_once_and_exits_2()
    {
        _dir.Write("bad.yaml", """
            base: {data: {corpus: c.txt}, budget: {steps: 10}}
            grid:
              model.widht: [32]
              optimizer.lr: [fast]
              model.heads: [0]
            """);
        var r = BabyLmCli.Run(_dir.Path, "validate", "bad.yaml");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("invalid sweep (", r.Stderr);
        Assert.Contains("grid.model.widht: unknown key 'widht' (did you mean 'width'?)", r.Stderr);
        Assert.Contains("grid.optimizer.lr[0]: 'fast' is not a number", r.Stderr);
        Assert.Contains("hint: ", r.Stderr);
    }

    [Fact]
    public void Validate_and_dry_run_list_the_runs_and_write_nothing()
    {
        _dir.Write("corpus.txt", "a b c\n");
        _dir.Write("sweep.yaml", Spec);
        var v = BabyLmCli.Run(_dir.Path, "validate", "sweep.yaml");
        Assert.Equal(0, v.ExitCode);
        Assert.Contains("ok: sweep cli: 15 runs (3 excluded) from model.width (3) × optimizer.lr (2) × seed (3)", v.Stdout);

        var d = BabyLmCli.Run(_dir.Path, "sweep", "sweep.yaml", "--dry-run");
        Assert.Equal(0, d.ExitCode);
        var plan = SweepPlan.Load(_dir["sweep.yaml"]);
        foreach (var run in plan.Runs) Assert.Contains(run.Id, d.Stdout);
        Assert.False(Directory.Exists(_dir["runs"]));
    }

    [Fact]
    public void The_slurm_executor_without_sbatch_is_a_clear_error_not_a_hang()
    {
        _dir.Write("corpus.txt", "a b c\n");
        _dir.Write("sweep.yaml", Spec);
        Directory.CreateDirectory(_dir["empty-bin"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = BabyLmCli.Run(_dir.Path, TimeSpan.FromSeconds(60), new Dictionary<string, string> { ["PATH"] = _dir["empty-bin"] },
            "sweep", "sweep.yaml", "--executor", "slurm");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: the Slurm executor needs `sbatch`, and it is not on PATH", r.Stderr);
        Assert.Contains("--executor local", r.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Options_of_the_other_executor_are_refused()
    {
        _dir.Write("corpus.txt", "a b c\n");
        _dir.Write("sweep.yaml", Spec);
        var r = BabyLmCli.Run(_dir.Path, "sweep", "sweep.yaml", "--workers", "2", "--partition", "gpu");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--partition do(es) not apply to --executor local", r.Stderr);
    }

    [Fact]
    public void Status_of_a_prepared_sweep_lists_its_runs_as_pending()
    {
        _dir.Write("sweep.yaml", Spec);
        var store = SweepStore.Prepare(SweepPlan.Load(_dir["sweep.yaml"]), _dir["runs"]);
        var r = BabyLmCli.Run(_dir.Path, "status", store.Dir, "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\"state\": \"pending\"", r.Stdout);
        var text = BabyLmCli.Run(_dir.Path, "status", store.Dir);
        Assert.Contains("sweep cli: 15 pending", text.Stdout);
        var missing = BabyLmCli.Run(_dir.Path, "status", _dir["nowhere"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("is not a sweep folder", missing.Stderr);
    }
}
