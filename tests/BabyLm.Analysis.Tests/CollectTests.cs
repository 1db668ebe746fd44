// collect: counts by status on a sweep with done, running and failed runs; idempotence (a second
// collect writes nothing and the tables are unchanged); incremental updates; deletion of a run
// directory removes its rows; damaged files mark a run invalid instead of failing the collect.
using BabyLm.Analysis.Fixtures;
using BabyLm.Experiments.Runs;

namespace BabyLm.Analysis.Tests;

public sealed class CollectTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SyntheticSweepInfo _sweep;
    private static readonly SyntheticSweepOptions s_options = new() { Seeds = 3, Evaluations = 4, Paradigms = 6, MetricsPerEvaluation = 3 };

    public CollectTests() => _sweep = SyntheticSweep.Write(_dir["sweep"], s_options);

    public void Dispose() => _dir.Dispose();

    private static long Count(RunDatabase db, string sql) => db.Query(sql).Rows[0].Long(db.Query(sql).Columns[0]);

    [Fact]
    public void Collect_counts_done_running_and_failed_runs()
    {
        var result = Collector.Collect(_sweep.Dir);
        Assert.Equal(11, result.Runs);
        Assert.Equal(9, result.ByStatus["done"]);
        Assert.Equal(1, result.ByStatus["running"]);
        Assert.Equal(1, result.ByStatus["failed"]);
        Assert.False(result.UpToDate);
        Assert.Empty(result.Problems);

        using var db = RunDatabase.Open(_sweep.Dir, collect: false);
        // 9 done runs × 4 evaluations × 6 paradigms, the running one has 2 evaluations, the failed none.
        Assert.Equal(9 * 4 * 6 + 2 * 6, Count(db, "SELECT COUNT(*) FROM probes"));
        Assert.Equal(result.ProbeRows, Count(db, "SELECT COUNT(*) FROM probes"));
        // 3 metrics lines per evaluation interval; the running run's torn last line is not counted; the failed run logged one interval.
        Assert.Equal(9 * 4 * 3 + 2 * 3 + 3, Count(db, "SELECT COUNT(*) FROM metrics"));
        Assert.Equal(11, Count(db, "SELECT COUNT(DISTINCT run_id) FROM last_metrics"));
        Assert.Equal(10, Count(db, "SELECT COUNT(*) FROM last_suite_scores"));
        Assert.Equal(9, Count(db, "SELECT COUNT(*) FROM runs WHERE done_marker = 1"));
        var failed = db.Query("SELECT status, error FROM runs WHERE run_id = $id", ("$id", _sweep.FailedRun));
        Assert.Equal("failed", failed.Rows[0].Text("status"));
        Assert.Contains("does not exist", failed.Rows[0].Text("error"));
        // Every config key is a column, typed.
        var seeds = db.Query("SELECT DISTINCT seed, typeof(seed) AS t, \"curriculum.order\" AS o, \"model.layers\" AS l FROM runs ORDER BY seed, o");
        Assert.All(seeds.Rows, r => Assert.Equal("integer", r.Text("t")));
        Assert.Equal(2L, seeds.Rows[0]["l"]);
        Assert.Equal(2 * 6, Count(db, "SELECT COUNT(*) FROM baselines"));
    }

    [Fact]
    public void Collect_twice_changes_nothing()
    {
        Collector.Collect(_sweep.Dir);
        var db = Path.Combine(_sweep.Dir, SweepDirectory.Database);
        var bytes = File.ReadAllBytes(db);
        var time = File.GetLastWriteTimeUtc(db);
        var dump = Dump(_sweep.Dir);

        var again = Collector.Collect(_sweep.Dir);
        Assert.True(again.UpToDate);
        Assert.Equal(0, again.Updated);
        Assert.Equal(bytes, File.ReadAllBytes(db));
        Assert.Equal(time, File.GetLastWriteTimeUtc(db));
        Assert.Equal(dump, Dump(_sweep.Dir));
        Assert.Equal(11, again.Runs);
    }

    [Fact]
    public void Collect_after_deleting_a_run_directory_removes_its_rows()
    {
        Collector.Collect(_sweep.Dir);
        var victim = _sweep.DoneRuns[0];
        Directory.Delete(Path.Combine(_sweep.Dir, victim), recursive: true);

        var result = Collector.Collect(_sweep.Dir);
        Assert.Equal(1, result.Removed);
        Assert.Equal(10, result.Runs);
        using var db = RunDatabase.Open(_sweep.Dir, collect: false);
        foreach (var table in new[] { "runs", "config", "metrics", "probes", "sources" })
            Assert.Equal(0, Count(db, $"SELECT COUNT(*) FROM {table} WHERE run_id = '{victim}'"));
        Assert.Equal(8 * 4 * 6 + 2 * 6, Count(db, "SELECT COUNT(*) FROM probes"));
    }

    [Fact]
    public void Collect_rereads_only_runs_whose_files_changed_and_equals_a_fresh_collect()
    {
        Collector.Collect(_sweep.Dir);
        // The running run logs one more evaluation: append a probe line for a new step (the torn line stays torn).
        var runDir = Path.Combine(_sweep.Dir, _sweep.RunningRun!);
        var line = RunFiles.ReadLines<ProbeLine>(Path.Combine(runDir, RunFiles.Probes))[0] with { Step = 300, WordsSeen = 600_000 };
        RunFiles.AppendLine(Path.Combine(runDir, RunFiles.Probes), line);

        var result = Collector.Collect(_sweep.Dir);
        Assert.Equal(1, result.Updated);
        var incremental = Dump(_sweep.Dir);

        File.Delete(Path.Combine(_sweep.Dir, SweepDirectory.Database));
        Collector.Collect(_sweep.Dir);
        Assert.Equal(Dump(_sweep.Dir), incremental);
    }

    [Fact]
    public void Lines_repeated_by_a_resumed_run_count_once()
    {
        var runDir = Path.Combine(_sweep.Dir, _sweep.DoneRuns[1]);
        var probes = Path.Combine(runDir, RunFiles.Probes);
        var lines = RunFiles.ReadLines<ProbeLine>(probes);
        foreach (var l in lines.Where(l => l.Step == lines[^1].Step)) RunFiles.AppendLine(probes, l);
        var metrics = Path.Combine(runDir, RunFiles.Metrics);
        RunFiles.AppendLine(metrics, RunFiles.ReadLines<MetricsLine>(metrics)[^1]);

        Collector.Collect(_sweep.Dir);
        using var db = RunDatabase.Open(_sweep.Dir, collect: false);
        Assert.Equal(4 * 6, Count(db, $"SELECT COUNT(*) FROM probes WHERE run_id = '{_sweep.DoneRuns[1]}'"));
        Assert.Equal(4 * 3, Count(db, $"SELECT COUNT(*) FROM metrics WHERE run_id = '{_sweep.DoneRuns[1]}'"));
    }

    [Fact]
    public void A_damaged_run_is_kept_as_invalid_with_the_reason()
    {
        var runDir = Path.Combine(_sweep.Dir, _sweep.DoneRuns[2]);
        File.WriteAllText(Path.Combine(runDir, RunFiles.Probes), "{not json\n{\"step\": 1}\n");
        var result = Collector.Collect(_sweep.Dir);
        Assert.Equal(1, result.ByStatus["invalid"]);
        Assert.Single(result.Problems);
        Assert.Contains(_sweep.DoneRuns[2], result.Problems[0]);
        using var db = RunDatabase.Open(_sweep.Dir, collect: false);
        var row = db.Query("SELECT status, error FROM runs WHERE run_id = $id", ("$id", _sweep.DoneRuns[2])).Rows[0];
        Assert.Equal("invalid", row.Text("status"));
        Assert.Contains("probes.jsonl:1", row.Text("error"));
        Assert.Equal(0, Count(db, $"SELECT COUNT(*) FROM probes WHERE run_id = '{_sweep.DoneRuns[2]}'"));
    }

    [Fact]
    public void An_outdated_or_damaged_database_is_rebuilt()
    {
        var db = Path.Combine(_sweep.Dir, SweepDirectory.Database);
        File.WriteAllText(db, "this is not a database");
        var result = Collector.Collect(_sweep.Dir);
        Assert.Equal(11, result.Runs);
    }

    [Fact]
    public void Not_a_sweep_directory_is_a_clear_error_naming_the_sweeps_nearby()
    {
        var e = Assert.Throws<BabyLmException>(() => Collector.Collect(_dir.Path));
        Assert.Contains("not a sweep directory", e.Message);
        Assert.Contains("sweep", e.Hint);
        var run = Assert.Throws<BabyLmException>(() => Collector.Collect(Path.Combine(_sweep.Dir, _sweep.DoneRuns[0])));
        Assert.Contains("is a run directory", run.Message);
        var missing = Assert.Throws<BabyLmException>(() => Collector.Collect(_dir["nope"]));
        Assert.Contains("does not exist", missing.Message);
        Assert.Contains("sweep", missing.Hint);
    }

    /// <summary>Every table's rows as text, in a fixed order.</summary>
    private static string Dump(string sweepDir)
    {
        using var db = RunDatabase.Open(sweepDir, collect: false);
        var sb = new System.Text.StringBuilder();
        foreach (var table in new[] { "runs", "config", "metrics", "probes", "baselines" })
            sb.Append(db.Query($"SELECT * FROM {table} ORDER BY 1, 2, 3").ToCsv());
        return sb.ToString();
    }
}
