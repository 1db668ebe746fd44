// The run store of one sweep, runs/<sweep>/:
//   sweep.yaml    the spec as last used (a copy of the file)
//   sweep.json    the index: name, where the spec lives (relative data paths are relative to its folder),
//                 and the sweep's runs in order with the values that set them apart
//   <run-id>/     one run folder each (RunFiles); config.yaml and run.json (status pending) are written
//                 up front, so the store says what is left to do before anything ran
//   slurm/        the Slurm executor's scripts, task lists and submissions
//   .sweep.lock   held by a local executor while it runs the sweep
// Run folders are the source of truth: the DONE marker makes a run immutable, run.json says how far the
// rest got. Every write is atomic. The store never deletes a run, also when the spec drops it.
using BabyLm.Core;
using BabyLm.Experiments.Config;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Training;

namespace BabyLm.Experiments.Sweeps;

public sealed record SweepIndexRun
{
    public required string Id { get; init; }
    public required int Index { get; init; }
    public required List<RunValue> Values { get; init; }

    public string Label => Values.Count == 0 ? "(base)" : string.Join(' ', Values.Select(v => $"{v.Key}={v.Value}"));
}

/// <summary>sweep.json.</summary>
public sealed record SweepIndex
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    /// <summary>The spec file the sweep was last prepared from.</summary>
    public required string SpecPath { get; init; }
    /// <summary>The folder relative data paths of the runs are resolved against.</summary>
    public required string SpecDir { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public required List<SweepIndexRun> Runs { get; init; }
}

/// <summary>What a run folder says about a run.</summary>
public sealed record RunState(SweepIndexRun Run, RunInfo? Info, bool Done, bool Busy)
{
    public string Id => Run.Id;

    /// <summary>done (DONE marker), else run.json's status (pending when there is none).</summary>
    public string Status => Done ? RunFiles.Status.Done : Info?.Status ?? RunFiles.Status.Pending;
}

/// <summary>A sweep's runs sorted by what a (re)start does with them.</summary>
public sealed record SweepSelection(IReadOnlyList<string> ToRun, IReadOnlyList<string> Done, IReadOnlyList<string> FailedSkipped, IReadOnlyList<string> Busy)
{
    public string Summary(string verb) =>
        $"{ToRun.Count} to {verb}, {Done.Count} done"
        + (FailedSkipped.Count > 0 ? $", {FailedSkipped.Count} failed (skipped; --retry-failed retries them)" : "")
        + (Busy.Count > 0 ? $", {Busy.Count} busy elsewhere" : "");
}

/// <summary>What an executor does with a run when a sweep is (re)started.</summary>
public enum RunDecision
{
    /// <summary>Pending, interrupted, or left running by a process that is gone: start or resume it.</summary>
    Run,
    /// <summary>DONE: never touched again.</summary>
    Done,
    /// <summary>Failed before: retried only with --retry-failed.</summary>
    FailedSkipped,
    /// <summary>Another live process holds the run's lock.</summary>
    Busy,
}

public sealed class SweepStore
{
    public const string SpecCopy = "sweep.yaml";
    public const string IndexFile = "sweep.json";
    public const string SlurmDir = "slurm";
    public const string SweepLock = ".sweep.lock";
    /// <summary>In each run folder: held by `babylm run` while it trains the run.</summary>
    public const string RunLock = RunFiles.Lock;

    private SweepStore(string dir, SweepIndex index)
    {
        Dir = dir;
        Index = index;
    }

    /// <summary>runs/&lt;sweep&gt; (full path).</summary>
    public string Dir { get; }
    public SweepIndex Index { get; }
    public string Name => Index.Name;

    public static string DirFor(string runsRoot, string sweepName) => Path.GetFullPath(Path.Combine(runsRoot, sweepName));

    /// <summary>
    /// Creates or updates runs/&lt;sweep&gt;/ for a plan: copies the spec, writes the index, and gives every
    /// run that has no folder yet its config.yaml and a pending run.json. Existing runs are left as they are.
    /// </summary>
    public static SweepStore Prepare(SweepPlan plan, string runsRoot, Action<string>? note = null)
    {
        var dir = DirFor(runsRoot, plan.Spec.Name);
        Directory.CreateDirectory(dir);
        var indexPath = Path.Combine(dir, IndexFile);
        if (File.Exists(indexPath))
        {
            var old = Json.ReadFile<SweepIndex>(indexPath, "sweep index");
            if (old.SpecPath != plan.Spec.Path)
                note?.Invoke($"note: {dir} was prepared from {old.SpecPath}; it now follows {plan.Spec.Path}");
        }
        foreach (var run in plan.Runs)
        {
            var runDir = Path.Combine(dir, run.Id);
            var configPath = Path.Combine(runDir, RunFiles.Config);
            if (File.Exists(configPath))
            {
                if (File.ReadAllText(configPath) != run.Canonical)
                    throw new BabyLmException($"{configPath} does not hold the config of run {run.Id} ({run.Label})",
                        "the run folder was edited or belongs to another tool version; move it away and run the sweep again");
            }
            else
            {
                AtomicFile.WriteAllText(configPath, run.Canonical);
            }
            if (RunInfo.TryRead(runDir) is null)
            {
                new RunInfo
                {
                    Id = run.Id, Sweep = plan.Spec.Name, ConfigHash = Hashing.Sha256Hex(RunIdentity.Of(run.Config)), Status = RunFiles.Status.Pending,
                }.Write(runDir);
            }
        }
        AtomicFile.WriteAllText(Path.Combine(dir, SpecCopy), plan.Spec.Text);
        var index = new SweepIndex
        {
            Name = plan.Spec.Name,
            Description = plan.Spec.Description,
            SpecPath = plan.Spec.Path,
            SpecDir = plan.Spec.Dir,
            UpdatedAt = DateTimeOffset.UtcNow,
            Runs = plan.Runs.Select(r => new SweepIndexRun { Id = r.Id, Index = r.Index, Values = r.Values.ToList() }).ToList(),
        };
        Json.WriteFile(indexPath, index);
        return new SweepStore(dir, index);
    }

    /// <summary>Opens a prepared sweep folder (runs/&lt;sweep&gt;).</summary>
    public static SweepStore Open(string sweepDir)
    {
        var dir = Path.GetFullPath(sweepDir);
        var indexPath = Path.Combine(dir, IndexFile);
        if (File.Exists(dir)) throw new BabyLmException($"sweep folder '{sweepDir}' is a file; a folder was expected", "give the folder `babylm sweep` made: runs/<sweep name>");
        if (!File.Exists(indexPath))
        {
            throw new BabyLmException($"'{sweepDir}' is not a sweep folder (it has no {IndexFile})",
                Directory.Exists(dir) ? "give the folder `babylm sweep` made: runs/<sweep name>" : "check the path; sweeps live in runs/<sweep name>");
        }
        return new SweepStore(dir, Json.ReadFile<SweepIndex>(indexPath, "sweep index"));
    }

    public string RunDir(string id) => Path.Combine(Dir, id);

    /// <summary>A run id of this sweep from the id or a unique prefix of it.</summary>
    public string ResolveRunId(string idOrPrefix)
    {
        var matches = Index.Runs.Where(r => r.Id.StartsWith(idOrPrefix, StringComparison.Ordinal)).ToList();
        if (matches.Count == 1 && idOrPrefix.Length > 0) return matches[0].Id;
        if (matches.Count > 1 && matches.Any(m => m.Id == idOrPrefix)) return idOrPrefix;
        throw new BabyLmException(matches.Count == 0
                ? $"sweep {Name} has no run '{idOrPrefix}'"
                : $"'{idOrPrefix}' matches {matches.Count} runs of sweep {Name}: {string.Join(", ", matches.Select(m => m.Id))}",
            "`babylm status " + Dir + "` lists the runs");
    }

    /// <summary>
    /// The config of a run, from its config.yaml; checked against the run's id, so a folder whose config
    /// was edited is refused rather than trained under a name it no longer matches.
    /// </summary>
    public RunConfig LoadConfig(string id)
    {
        var path = Path.Combine(RunDir(id), RunFiles.Config);
        if (!File.Exists(path)) throw new BabyLmException($"run {id} has no {RunFiles.Config} ({path})", "run `babylm sweep` on the spec again to prepare it");
        var text = File.ReadAllText(path);
        var config = YamlConfig.Bind<RunConfig>(YamlConfig.Parse(text, path), path);
        var canonical = YamlConfig.Canonical(config);
        if (canonical != text || RunIdentity.ShortId(config) != id)
            throw new BabyLmException($"{path} does not match run id {id} (the file was edited)", "restore it, or move the run folder away and run the sweep again");
        return config;
    }

    public RunState State(SweepIndexRun run)
    {
        var dir = RunDir(run.Id);
        var info = TryReadInfo(dir);
        bool done = File.Exists(Path.Combine(dir, RunFiles.Done));
        bool busy = !done && info?.Status == RunFiles.Status.Running && IsLocked(dir);
        return new RunState(run, info, done, busy);
    }

    public RunState State(string id) => State(Index.Runs.FirstOrDefault(r => r.Id == id) ?? throw new BabyLmException($"sweep {Name} has no run {id}"));

    /// <summary>Every run of the sweep, in sweep order.</summary>
    public IReadOnlyList<RunState> States() => Index.Runs.Select(State).ToList();

    public static RunDecision Decide(RunState state, bool retryFailed) =>
        state.Done ? RunDecision.Done
        : state.Busy ? RunDecision.Busy
        : state.Status == RunFiles.Status.Failed && !retryFailed ? RunDecision.FailedSkipped
        : RunDecision.Run;

    /// <summary>
    /// What to do with each run on a (re)start: <paramref name="queued"/> are runs a Slurm job still holds;
    /// they count as busy.
    /// </summary>
    public SweepSelection Select(bool retryFailed, IReadOnlySet<string>? queued = null)
    {
        var decided = States().Select(s => (s.Id, Decision: queued?.Contains(s.Id) == true && !s.Done ? RunDecision.Busy : Decide(s, retryFailed))).ToList();
        List<string> Of(RunDecision d) => decided.Where(x => x.Decision == d).Select(x => x.Id).ToList();
        return new SweepSelection(Of(RunDecision.Run), Of(RunDecision.Done), Of(RunDecision.FailedSkipped), Of(RunDecision.Busy));
    }

    /// <summary>Takes a run's lock (null when another process holds it). Released when disposed or when the process dies.</summary>
    public static FileLock? TryLockRun(string runDir) => TryLock(Path.Combine(runDir, RunLock));

    /// <summary>Takes the sweep's lock (null when another executor holds it).</summary>
    public FileLock? TryLockSweep() => TryLock(Path.Combine(Dir, SweepLock));

    /// <summary>Who holds the sweep's lock, in words ("process 1234 on host h (since …)").</summary>
    public string SweepLockHolder() => FileLock.Describe(FileLock.ReadOwner(Path.Combine(Dir, SweepLock)));

    private static FileLock? TryLock(string path) => FileLock.TryAcquire(path);

    private static bool IsLocked(string runDir)
    {
        // A probe: it holds the lock for an instant and writes no owner file.
        using var probe = FileLock.TryAcquire(Path.Combine(runDir, RunLock), recordOwner: false);
        return probe is null;
    }

    /// <summary>
    /// Records in a run's run.json that it ended without recording it itself (failed, or interrupted when
    /// it can be resumed), with <paramref name="error"/>; provenance already there is kept.
    /// </summary>
    public void RecordEnd(string id, string status, string error, string? slurmJob = null)
    {
        var runDir = RunDir(id);
        var info = TryReadInfo(runDir) ?? new RunInfo { Id = id, Sweep = Name, ConfigHash = "", Status = status };
        (info with { Status = status, Error = error, SlurmJob = slurmJob ?? info.SlurmJob, EndedAt = DateTimeOffset.UtcNow }).Write(runDir);
    }

    /// <summary>run.json, or null when missing or unreadable (a reader never fails because a writer is busy).</summary>
    public static RunInfo? TryReadInfo(string runDir)
    {
        try
        {
            return RunInfo.TryRead(runDir);
        }
        catch (Exception ex) when (ex is BabyLmException or IOException)
        {
            return null;
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of a text file (empty when it does not exist).</summary>
    public static IReadOnlyList<string> Tail(string path, int lines)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long start = Math.Max(0, stream.Length - 64 * 1024);
        stream.Seek(start, SeekOrigin.Begin);
        var text = new StreamReader(stream).ReadToEnd();
        var all = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (start > 0 && all.Count > 0) all.RemoveAt(0);           // a partial first line
        while (all.Count > 0 && all[^1].Length == 0) all.RemoveAt(all.Count - 1);
        return all.Skip(Math.Max(0, all.Count - lines)).ToList();
    }
}
