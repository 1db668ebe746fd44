// Submits a sweep's runs to Slurm as one job array: array task k runs line k+1 of a task list written
// beside the script (runs/<sweep>/slurm/submit-NNN.sbatch and .tasks), by calling the same per-run
// command the local executor uses, `babylm run <sweep-dir> <run-id>`, with the same dotnet and the same
// babylm.dll as the submitting process. The script execs babylm, so Slurm's SIGTERM (scancel, time
// limit) reaches the run, which checkpoints before it stops. Each submission is recorded in
// slurm/submissions.json (job id, runs in task order), which is how `babylm status` and the next
// submission map Slurm's tasks back to runs: runs still queued or running in an earlier job are never
// submitted twice.
using System.Globalization;
using System.Text;
using BabyLm.Core;
using BabyLm.Experiments.Runs;

namespace BabyLm.Experiments.Sweeps;

public sealed record SlurmOptions
{
    public required BabyLmLauncher Launcher { get; init; }
    public string? Partition { get; init; }
    /// <summary>Time limit per task, in any Slurm format (minutes, HH:MM:SS, D-HH:MM, …).</summary>
    public string? Time { get; init; }
    public int? CpusPerTask { get; init; }
    public string? Mem { get; init; }
    public string? Gres { get; init; }
    /// <summary>At most this many tasks at once (the %K of --array).</summary>
    public int? ArrayParallelism { get; init; }
    /// <summary>Extra sbatch options, one `#SBATCH` line each, e.g. "--account=lab".</summary>
    public IReadOnlyList<string> SbatchArgs { get; init; } = [];
    /// <summary>PATH to find the Slurm tools on (null: the process's PATH).</summary>
    public string? SearchPath { get; init; }
}

public sealed record SlurmSubmission
{
    public required int Number { get; init; }
    public required string JobId { get; init; }
    public required string Script { get; init; }
    public required string TaskList { get; init; }
    /// <summary>Run ids in array-task order: task k runs RunIds[k].</summary>
    public required List<string> RunIds { get; init; }
    public DateTimeOffset SubmittedAt { get; init; }
}

public static class SlurmExecutor
{
    public const string SubmissionsFile = "submissions.json";

    /// <summary>Writes the script and task list for <paramref name="ids"/>, submits them with sbatch and records the job.</summary>
    public static SlurmSubmission Submit(SweepStore store, IReadOnlyList<string> ids, SlurmOptions options)
    {
        if (ids.Count == 0) throw new ArgumentException("nothing to submit", nameof(ids));
        SlurmCli.Find("sbatch", options.SearchPath);     // before writing anything: no sbatch is a clear error
        foreach (var arg in options.SbatchArgs)
            if (!arg.StartsWith('-')) throw new BabyLmException($"--sbatch-arg '{arg}' is not an sbatch option", "write it as it goes on sbatch's command line, e.g. --sbatch-arg=--account=lab");

        var dir = Path.Combine(store.Dir, SweepStore.SlurmDir);
        Directory.CreateDirectory(dir);
        var previous = Submissions(store);
        int number = previous.Count == 0 ? 1 : previous.Max(s => s.Number) + 1;
        var stem = Path.Combine(dir, $"submit-{number.ToString("D3", CultureInfo.InvariantCulture)}");
        var taskList = stem + ".tasks";
        var script = stem + ".sbatch";
        AtomicFile.WriteAllText(taskList, string.Concat(ids.Select(id => id + "\n")));
        AtomicFile.WriteAllText(script, Script(store, ids.Count, taskList, options));

        var result = SlurmCli.Run("sbatch", ["--parsable", script], options.SearchPath);
        if (result.ExitCode != 0)
            throw new BabyLmException($"sbatch refused {script}: {result.Stderr.Trim()}", "check the --partition, --time, --mem and --gres values against `sinfo`");
        var submission = new SlurmSubmission
        {
            Number = number, JobId = SlurmCli.ParseJobId(result.Stdout), Script = script, TaskList = taskList, RunIds = ids.ToList(),
            SubmittedAt = DateTimeOffset.UtcNow,
        };
        Json.WriteFile(Path.Combine(dir, SubmissionsFile), previous.Append(submission).ToList());
        return submission;
    }

    /// <summary>The sbatch script of one submission.</summary>
    public static string Script(SweepStore store, int tasks, string taskList, SlurmOptions o)
    {
        var logs = Path.Combine(store.Dir, SweepStore.SlurmDir);
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append($"# babylm sweep {store.Name}: {tasks} run(s), one array task each (task k runs line k+1 of the task list).\n");
        sb.Append("# Written by `babylm sweep --executor slurm`; `babylm status ").Append(store.Dir).Append("` shows how it goes.\n");
        sb.Append($"#SBATCH --job-name=babylm-{store.Name}\n");
        sb.Append($"#SBATCH --array=0-{tasks - 1}{(o.ArrayParallelism is { } k ? $"%{k}" : "")}\n");
        sb.Append($"#SBATCH --output={logs}/%A_%a.log\n");
        sb.Append($"#SBATCH --cpus-per-task={o.CpusPerTask ?? 1}\n");
        if (o.Partition is { } p) sb.Append($"#SBATCH --partition={p}\n");
        if (o.Time is { } t)
        {
            sb.Append($"#SBATCH --time={t}\n");
            // Ask the run to checkpoint two minutes before the limit, when there is room for it.
            if (Minutes(t) >= 10) sb.Append("#SBATCH --signal=B:TERM@120\n");
        }
        if (o.Mem is { } m) sb.Append($"#SBATCH --mem={m}\n");
        if (o.Gres is { } g) sb.Append($"#SBATCH --gres={g}\n");
        foreach (var a in o.SbatchArgs) sb.Append($"#SBATCH {a}\n");
        sb.Append('\n');
        sb.Append($"sweep_dir={Quote(store.Dir)}\n");
        sb.Append($"id=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" {Quote(taskList)})\n");
        sb.Append("if [ -z \"$id\" ]; then echo \"babylm: no run for array task $SLURM_ARRAY_TASK_ID in ").Append(taskList).Append("\" >&2; exit 2; fi\n");
        sb.Append("echo \"babylm: task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} runs $id on $(hostname); its output is in $sweep_dir/$id/run.log\"\n");
        sb.Append("echo \"== $(date -Iseconds) slurm task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} starts run $id\" >>\"$sweep_dir/$id/run.log\"\n");
        sb.Append("# threads: 0 in a run's config means the CPUs Slurm gave the task\n");
        sb.Append("export DOTNET_PROCESSOR_COUNT=${SLURM_CPUS_PER_TASK:-1}\n");
        sb.Append("exec ").Append(string.Join(' ', o.Launcher.Command("run").Select(Quote))).Append(" \"$sweep_dir\" \"$id\" >>\"$sweep_dir/$id/run.log\" 2>&1\n");
        return sb.ToString();
    }

    /// <summary>Every submission of the sweep, oldest first.</summary>
    public static List<SlurmSubmission> Submissions(SweepStore store)
    {
        var path = Path.Combine(store.Dir, SweepStore.SlurmDir, SubmissionsFile);
        return File.Exists(path) ? Json.ReadFile<List<SlurmSubmission>>(path, "Slurm submissions") : [];
    }

    /// <summary>The Slurm task that last ran (or runs) each run, for every run Slurm still knows; the newest submission wins.</summary>
    public static Dictionary<string, SlurmTask> TasksByRun(SweepStore store, string? searchPath = null)
    {
        var byRun = new Dictionary<string, SlurmTask>(StringComparer.Ordinal);
        var submissions = Submissions(store);
        var latest = new Dictionary<string, int>(StringComparer.Ordinal);  // run → the last submission that holds it
        foreach (var s in submissions)
            foreach (var id in s.RunIds) latest[id] = s.Number;
        foreach (var submission in submissions.Where(s => s.RunIds.Any(id => latest[id] == s.Number)))
        {
            foreach (var task in SlurmCli.Tasks(submission.JobId, searchPath))
            {
                if (task.TaskIndex < 0 || task.TaskIndex >= submission.RunIds.Count) continue;
                var id = submission.RunIds[task.TaskIndex];
                if (latest[id] == submission.Number) byRun[id] = task;
            }
        }
        return byRun;
    }

    /// <summary>
    /// Asks Slurm about the sweep's jobs and brings run.json up to date for runs whose task ended without
    /// the run recording an outcome (killed at the time limit or by scancel before it could checkpoint, a
    /// node failure, a broken install): failed, with Slurm's account of it as the error — or interrupted
    /// (resumable) when the run had started and Slurm stopped it. Returns the task of each run Slurm knows.
    /// </summary>
    public static Dictionary<string, SlurmTask> Refresh(SweepStore store, string? searchPath = null)
    {
        if (Submissions(store).Count == 0) return [];
        var tasks = TasksByRun(store, searchPath);
        foreach (var (id, task) in tasks.ToList())
        {
            if (task.Active) continue;
            var state = store.State(id);
            if (state.Done || state.Status is RunFiles.Status.Failed or RunFiles.Status.Interrupted) continue;
            var (code, reason) = SlurmCli.Details(task.Name, searchPath) ?? ("", "");
            var ended = task with { ExitCode = code, Reason = reason.Length > 0 ? reason : task.Reason };
            tasks[id] = ended;
            if (ended.State == "COMPLETED" && state.Status == RunFiles.Status.Pending) continue;   // `babylm run` found it done
            bool stopped = state.Status == RunFiles.Status.Running && ended.State is "TIMEOUT" or "CANCELLED" or "PREEMPTED" or "NODE_FAIL";
            store.RecordEnd(id, stopped ? RunFiles.Status.Interrupted : RunFiles.Status.Failed,
                $"Slurm task {ended.Name} ended {ended.State}{(code.Length > 0 ? $" (exit {code})" : "")} before the run recorded an outcome"
                + $"; see {Path.Combine(store.Dir, SweepStore.SlurmDir, ended.Name + ".log")}", ended.Name);
        }
        return tasks;
    }

    /// <summary>Waits until none of a submission's tasks is queued or running; reports each change of the counts.</summary>
    public static void Wait(SlurmSubmission submission, Action<string>? progress, CancellationToken cancel, string? searchPath = null)
    {
        string last = "";
        while (!cancel.IsCancellationRequested)
        {
            var tasks = SlurmCli.Tasks(submission.JobId, searchPath);
            var counts = string.Join(", ", tasks.GroupBy(t => t.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key.ToLowerInvariant()}"));
            if (counts != last) progress?.Invoke($"job {submission.JobId}: {counts}");
            last = counts;
            if (tasks.All(t => !t.Active)) return;
            cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Minutes of a Slurm time limit ("90", "1:30:00", "2-00:00:00", "1-12"); 0 when unparsable.</summary>
    public static double Minutes(string time)
    {
        var inv = CultureInfo.InvariantCulture;
        double days = 0;
        var rest = time.Trim();
        int dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            if (!double.TryParse(rest[..dash], NumberStyles.None, inv, out days)) return 0;
            rest = rest[(dash + 1)..];
        }
        var parts = rest.Split(':');
        var n = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.None, inv, out n[i])) return 0;
        double minutes = dash > 0
            ? parts.Length switch { 1 => n[0] * 60, 2 => n[0] * 60 + n[1], 3 => n[0] * 60 + n[1] + n[2] / 60, _ => 0 }
            : parts.Length switch { 1 => n[0], 2 => n[0] + n[1] / 60, 3 => n[0] * 60 + n[1] + n[2] / 60, _ => 0 };
        return days * 24 * 60 + minutes;
    }

    /// <summary>Single-quotes a word for bash.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
