// What `babylm status` shows: each run's state, merged from its folder (DONE, run.json) and, for runs
// submitted to Slurm, from Slurm itself (squeue; scontrol for how a task ended). Slurm is asked only
// about this sweep's own jobs. While Slurm owns a task (queued, running) its word wins; afterwards the
// run folder is the truth, and a task that ended without its run recording an outcome is written into
// run.json first (SlurmExecutor.Refresh). Failed runs come with their error and the tail of their logs.
using BabyLm.Experiments.Runs;

namespace BabyLm.Experiments.Sweeps;

public sealed record RunStatus
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    /// <summary>done, failed, running, queued, interrupted, pending, or stale (left running by a process that is gone).</summary>
    public required string State { get; init; }
    public long Step { get; init; }
    public long TotalSteps { get; init; }
    public double? Loss { get; init; }
    public int Attempts { get; init; }
    /// <summary>Where the run computed last: "cpu", or the GPU ("cuda 0: NVIDIA H100 80GB HBM3, bf16").</summary>
    public string? Device { get; init; }
    public string? Error { get; init; }
    /// <summary>The Slurm task ("123_4") that last ran the run, with its state and exit code.</summary>
    public string? SlurmTask { get; init; }
    public string? SlurmState { get; init; }
    public string? SlurmExitCode { get; init; }
    public string? Log { get; init; }
    /// <summary>The last lines of the run's log (and of the Slurm task's log), for failed runs.</summary>
    public IReadOnlyList<string> LogTail { get; init; } = [];

    public SweepRow ToRow() => new(Id, Label, State, Step, TotalSteps, Loss, null, Error) { Device = Device };
}

public sealed record SweepReport(string Sweep, string Dir, IReadOnlyList<RunStatus> Runs, IReadOnlyList<string> Notes)
{
    public int Count(string state) => Runs.Count(r => r.State == state);

    public string Summary => string.Join(", ", Runs.GroupBy(r => r.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
}

public static class SweepStatus
{
    public static SweepReport Collect(SweepStore store, string? slurmSearchPath = null, int tailLines = 12)
    {
        var notes = new List<string>();
        var tasks = new Dictionary<string, SlurmTask>();
        if (SlurmExecutor.Submissions(store).Count > 0)
        {
            if (!SlurmCli.Available("squeue", slurmSearchPath))
            {
                notes.Add("runs were submitted to Slurm, but squeue is not on PATH here: showing the run folders only");
            }
            else
            {
                try
                {
                    tasks = SlurmExecutor.Refresh(store, slurmSearchPath);
                }
                catch (BabyLmException ex)
                {
                    notes.Add($"could not ask Slurm ({ex.Message}): showing the run folders only");
                }
            }
        }

        var runs = new List<RunStatus>();
        foreach (var state in store.States())
        {
            var info = state.Info;
            tasks.TryGetValue(state.Id, out var task);
            string shown = state.Done ? RunFiles.Status.Done
                : task is { Active: true } ? task.State switch { "PENDING" => "queued", "RUNNING" => RunFiles.Status.Running, _ => task.State.ToLowerInvariant() }
                : state.Status == RunFiles.Status.Running && !state.Busy && task is null ? "stale"
                : state.Status;
            if (task is { Active: false, ExitCode.Length: 0 } && shown == RunFiles.Status.Failed)
                task = task with { ExitCode = SlurmCli.Details(task.Name, slurmSearchPath)?.ExitCode ?? "" };
            var log = Path.Combine(store.RunDir(state.Id), RunFiles.Log);
            var tail = new List<string>();
            if (shown == RunFiles.Status.Failed)
            {
                tail.AddRange(SweepStore.Tail(log, tailLines));
                if (task is not null)
                {
                    var slurmLog = Path.Combine(store.Dir, SweepStore.SlurmDir, $"{task.Name}.log");
                    // Beyond the script's own first line: what Slurm added (time limit, cancellation, a failed start).
                    var slurmTail = SweepStore.Tail(slurmLog, tailLines).Where(l => !l.StartsWith("babylm: task ", StringComparison.Ordinal));
                    tail.AddRange(slurmTail.Select(l => $"[{task.Name}.log] {l}"));
                }
            }
            runs.Add(new RunStatus
            {
                Id = state.Id,
                Label = state.Run.Label,
                State = shown,
                Step = info?.Step ?? 0,
                TotalSteps = info?.TotalSteps ?? 0,
                Loss = info?.Loss,
                Attempts = info?.Attempts ?? 0,
                Device = info?.Device switch
                {
                    "cuda" => $"cuda {info.Gpu}{(info.Precision is { } p && p != "fp32" ? $", {p}" : "")}",
                    null => null,
                    var d => d,
                },
                Error = shown is RunFiles.Status.Failed or RunFiles.Status.Interrupted ? info?.Error : null,
                SlurmTask = task?.Name ?? info?.SlurmJob,
                SlurmState = task?.State,
                SlurmExitCode = task is { ExitCode.Length: > 0 } ? task.ExitCode : null,
                Log = File.Exists(log) ? log : null,
                LogTail = tail,
            });
        }
        return new SweepReport(store.Name, store.Dir, runs, notes);
    }
}
