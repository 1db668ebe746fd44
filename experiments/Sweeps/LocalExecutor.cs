// Runs a sweep's runs on this machine, each as a child process `babylm run <sweep-dir> <run-id>` (so a
// crash, an out-of-memory kill or a bad config takes down one run, never the sweep), at most Workers at
// a time. A child writes its output to <run>/run.log itself (shell redirection, so the log survives the
// sweep process) and its state to run.json; the executor only reads them. Stop() sends SIGTERM so
// runs checkpoint and stop; Kill() sends SIGKILL. A child that dies without recording an outcome is
// marked failed in its run.json with the exit code and the last lines of its log. Children are told the
// sweep's pid and stop on their own (checkpointing) if the sweep process disappears.
using System.Diagnostics;
using System.Globalization;
using BabyLm.Experiments.Runs;

namespace BabyLm.Experiments.Sweeps;

public sealed record LocalOptions
{
    /// <summary>The checks of the option values alone, so a sweep can refuse them before it writes anything.</summary>
    public static void CheckValues(int? workers, int? threadsPerRun)
    {
        if (workers is < 1) throw new BabyLmException($"--workers must be at least 1 (got {workers})", "give the number of runs to train at once, e.g. --workers 2");
        if (threadsPerRun is < 1) throw new BabyLmException($"--threads-per-run must be at least 1 (got {threadsPerRun})", "e.g. --threads-per-run 2");
    }

    /// <summary>
    /// Workers and threads for runs that say threads: 0, such that workers × threads per run stays within
    /// <paramref name="cores"/> unless <paramref name="oversubscribe"/>. A run's own threads value is part of
    /// its identity (it changes the numbers), so --threads-per-run only fills in threads: 0.
    /// </summary>
    public static (int Workers, int AutoThreads) Plan(IReadOnlyCollection<int> runThreads, int? workers, int? threadsPerRun, bool oversubscribe, int cores)
    {
        CheckValues(workers, threadsPerRun);
        int maxExplicit = runThreads.Where(t => t > 0).DefaultIfEmpty(0).Max();
        bool anyAuto = runThreads.Any(t => t == 0);
        if (threadsPerRun is { } m && runThreads.FirstOrDefault(t => t > 0 && t != m) is var other and > 0)
        {
            throw new BabyLmException($"--threads-per-run {m} conflicts with runs whose config sets threads: {other} (a run's threads are part of its id)",
                "drop --threads-per-run, or set threads in the spec (threads: 0 lets --threads-per-run choose)");
        }
        int w = workers ?? (threadsPerRun is { } t0 ? Math.Max(1, cores / t0) : maxExplicit > 0 && !anyAuto ? Math.Max(1, cores / maxExplicit) : 1);
        int auto = threadsPerRun ?? Math.Max(1, cores / w);
        int perRun = Math.Max(maxExplicit, anyAuto ? auto : 0);
        if ((long)w * perRun > cores && !oversubscribe)
        {
            throw new BabyLmException($"{w} workers × {perRun} threads per run = {(long)w * perRun} threads on {cores} cores would oversubscribe the CPU",
                "lower --workers or --threads-per-run (or threads in the spec), or pass --oversubscribe");
        }
        return (w, auto);
    }

    /// <summary>
    /// The GPUs for runs on cuda, one each at a time: <paramref name="gpus"/> (as CUDA_VISIBLE_DEVICES names
    /// them) and the workers, at most one per GPU (default: one per GPU).
    /// </summary>
    public static int PlanGpus(IReadOnlyList<string> gpus, int? workers)
    {
        if (gpus.Count == 0) throw new BabyLmException("the sweep has runs with device: cuda, but no GPU is visible", "check nvidia-smi and CUDA_VISIBLE_DEVICES, or pass --gpus");
        if (workers is { } w && w > gpus.Count)
            throw new BabyLmException($"--workers {w} is more than the {gpus.Count} GPU(s) for runs with device: cuda ({string.Join(",", gpus)}): each run gets a GPU of its own",
                $"use --workers {gpus.Count} or fewer, or name more GPUs with --gpus");
        return workers ?? gpus.Count;
    }

    public required BabyLmLauncher Launcher { get; init; }
    /// <summary>GPUs handed to runs on cuda, one per run at a time, through the child's CUDA_VISIBLE_DEVICES (its gpu 0); null: none.</summary>
    public IReadOnlyList<string>? Gpus { get; init; }
    /// <summary>Runs at once.</summary>
    public int Workers { get; init; } = 1;
    /// <summary>Threads for runs whose config says threads: 0 (the child's DOTNET_PROCESSOR_COUNT).</summary>
    public int AutoThreads { get; init; } = 1;
    /// <summary>Stop the sweep (SIGTERM to the other runs, start no more) when a run fails.</summary>
    public bool FailFast { get; init; }
}

public enum RunOutcome
{
    NotStarted,
    Done,
    Failed,
    Interrupted,
}

/// <summary>One row of a sweep's live table.</summary>
public sealed record SweepRow(string Id, string Label, string State, long Step, long TotalSteps, double? Loss, TimeSpan? Eta, string? Error)
{
    /// <summary>Where the run computes ("cpu", "cuda 0: …"), when known.</summary>
    public string? Device { get; init; }
}

public sealed record SweepResult(IReadOnlyDictionary<string, RunOutcome> Outcomes, bool Stopped)
{
    public int Count(RunOutcome outcome) => Outcomes.Values.Count(o => o == outcome);
    public bool AllDone => Outcomes.Values.All(o => o == RunOutcome.Done);
}

public sealed class LocalExecutor
{
    /// <summary>Environment variable telling a child run the sweep's pid (it stops when orphaned).</summary>
    public const string ParentEnv = "BABYLM_SWEEP_PARENT";

    private readonly SweepStore _store;
    private readonly LocalOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<string, Child> _running = [];
    private readonly Dictionary<string, RunOutcome> _outcomes = [];
    private readonly Dictionary<string, SweepRow> _rows = [];
    private List<string> _order = [];
    private bool _stopping;
    private bool _killed;

    public LocalExecutor(SweepStore store, LocalOptions options)
    {
        if (options.Workers < 1) throw new BabyLmException($"--workers must be at least 1 (got {options.Workers})");
        _store = store;
        _options = options;
    }

    /// <summary>One line per run started or finished.</summary>
    public event Action<string>? Message;

    /// <summary>
    /// Runs <paramref name="ids"/> (resuming those with checkpoints), and returns when every started run
    /// has ended. Holds the sweep's lock throughout, so two executors never run the same sweep.
    /// </summary>
    public SweepResult Run(IReadOnlyList<string> ids)
    {
        using var sweepLock = _store.TryLockSweep()
            ?? throw new BabyLmException($"another `babylm sweep` is already running sweep {_store.Name} ({_store.Dir}): {_store.SweepLockHolder()}",
                "wait for it to finish, or stop it (Ctrl-C) first");
        var queue = new Queue<string>(ids);
        lock (_gate)
        {
            _order = ids.ToList();
            foreach (var id in ids)
            {
                _outcomes[id] = RunOutcome.NotStarted;
                _rows[id] = Row(_store.State(id), "queued", null);
            }
        }
        while (true)
        {
            lock (_gate)
            {
                while (!_stopping && _running.Count < _options.Workers && queue.Count > 0) Start(queue.Dequeue());
                if (_running.Count == 0) break;
            }
            Task[] exits;
            lock (_gate) exits = _running.Values.Select(c => c.Exit).ToArray();
            int which = Task.WaitAny(exits, TimeSpan.FromMilliseconds(500));
            if (which < 0) continue;
            lock (_gate)
            {
                foreach (var child in _running.Values.Where(c => c.Exit.IsCompleted).ToList())
                {
                    _running.Remove(child.Id);
                    Finish(child);
                }
            }
        }
        lock (_gate) return new SweepResult(new Dictionary<string, RunOutcome>(_outcomes), _stopping);
    }

    /// <summary>Asks every running run to checkpoint and stop (SIGTERM), and starts no more.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopping = true;
            foreach (var child in _running.Values) Posix.Signal(child.Process.Id, Posix.SIGTERM);
        }
    }

    /// <summary>Kills every running run at once (SIGKILL): each loses the steps since its last checkpoint.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            _stopping = true;
            _killed = true;
            foreach (var child in _running.Values) Posix.Signal(child.Process.Id, Posix.SIGKILL);
        }
    }

    /// <summary>The state of every run of this execution, in order, with step, loss and ETA of the running ones.</summary>
    public IReadOnlyList<SweepRow> Snapshot()
    {
        lock (_gate)
        {
            foreach (var child in _running.Values)
            {
                var info = SweepStore.TryReadInfo(_store.RunDir(child.Id));
                _rows[child.Id] = Row(_store.State(child.Id), "running", child.Eta(info));
            }
            return _order.Select(id => _rows[id]).ToList();
        }
    }

    private void Start(string id)
    {
        try
        {
            StartChild(id);
        }
        catch (Exception ex) when (ex is BabyLmException or IOException or System.ComponentModel.Win32Exception)
        {
            _store.RecordEnd(id, RunFiles.Status.Failed, $"could not start: {ex.Message}");
            _outcomes[id] = RunOutcome.Failed;
            _rows[id] = Row(_store.State(id), "failed", null);
            Message?.Invoke($"FAILED {id}  could not start: {ex.Message}");
        }
    }

    private void StartChild(string id)
    {
        var runDir = _store.RunDir(id);
        var log = Path.Combine(runDir, RunFiles.Log);
        var config = _store.LoadConfig(id);
        File.AppendAllText(log, $"== {DateTimeOffset.Now:O} babylm sweep (pid {Environment.ProcessId}) starts run {id}\n");
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        // The child writes straight into run.log, so its output outlives this process.
        foreach (var a in (string[])["-c", "exec \"$@\" >>\"$BABYLM_RUN_LOG\" 2>&1 </dev/null", "babylm-run"]) psi.ArgumentList.Add(a);
        foreach (var a in _options.Launcher.Command("run", _store.Dir, id)) psi.ArgumentList.Add(a);
        psi.Environment["BABYLM_RUN_LOG"] = log;
        psi.Environment[ParentEnv] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (config.Threads == 0) psi.Environment["DOTNET_PROCESSOR_COUNT"] = _options.AutoThreads.ToString(CultureInfo.InvariantCulture);
        string? gpu = null;
        if (config.Device == "cuda" && _options.Gpus is { } gpus)
        {
            // One GPU per run: the first not held by a running child, as the child's only visible GPU.
            gpu = gpus.FirstOrDefault(g => !_running.Values.Any(c => c.Gpu == g))
                ?? throw new BabyLmException($"no free GPU for run {id} (all of {string.Join(",", gpus)} are busy)");
            psi.Environment["CUDA_VISIBLE_DEVICES"] = gpu;
        }
        var process = Process.Start(psi) ?? throw new BabyLmException($"could not start {_options.Launcher.FileName}");
        var state = _store.State(id);
        var child = new Child(id, process, process.WaitForExitAsync(), Stopwatch.StartNew(), state.Info?.Step ?? 0) { Gpu = gpu };
        _running[id] = child;
        _rows[id] = Row(state, "running", null);
        var resume = state.Info is { Step: > 0 } i ? $", resuming after step {i.Step}" : "";
        Message?.Invoke($"start  {id}  {state.Run.Label}{resume}{(gpu is null ? "" : $" on GPU {gpu}")}");
    }

    private void Finish(Child child)
    {
        var runDir = _store.RunDir(child.Id);
        int exitCode = child.Process.ExitCode;
        var state = _store.State(child.Id);
        RunOutcome outcome;
        if (state.Done)
        {
            outcome = RunOutcome.Done;
        }
        else if (state.Status is RunFiles.Status.Failed)
        {
            outcome = RunOutcome.Failed;
        }
        else if (state.Status is RunFiles.Status.Interrupted || _killed)
        {
            outcome = RunOutcome.Interrupted;
        }
        else
        {
            // Died without recording an outcome (killed by the OOM killer, a crash in native code, a bad install).
            var tail = SweepStore.Tail(Path.Combine(runDir, RunFiles.Log), 1).FirstOrDefault() ?? "";
            var error = $"babylm run exited with code {exitCode} without recording an outcome" + (tail.Length > 0 ? $"; last log line: {tail}" : "");
            _store.RecordEnd(child.Id, RunFiles.Status.Failed, error);
            state = _store.State(child.Id);
            outcome = RunOutcome.Failed;
        }
        _outcomes[child.Id] = outcome;
        _rows[child.Id] = Row(state, outcome.ToString().ToLowerInvariant(), null);
        var took = child.Clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var loss = state.Info?.Loss is { } l ? $", loss {l.ToString("0.0000", CultureInfo.InvariantCulture)}" : "";
        Message?.Invoke(outcome switch
        {
            RunOutcome.Done => $"done   {child.Id}  in {took} s, step {state.Info?.Step}{loss}",
            RunOutcome.Interrupted => $"stop   {child.Id}  at step {state.Info?.Step} (checkpointed; run the sweep again to resume)",
            _ => $"FAILED {child.Id}  {state.Info?.Error ?? $"exit code {exitCode}"} (log: {Path.Combine(runDir, RunFiles.Log)})",
        });
        if (outcome == RunOutcome.Failed && _options.FailFast && !_stopping)
        {
            Message?.Invoke("--fail-fast: stopping the other runs");
            _stopping = true;
            foreach (var other in _running.Values) Posix.Signal(other.Process.Id, Posix.SIGTERM);
        }
    }

    private static SweepRow Row(RunState state, string label, TimeSpan? eta)
    {
        var info = state.Info;
        var shown = state.Done ? "done" : label;
        return new SweepRow(state.Id, state.Run.Label, shown, info?.Step ?? 0, info?.TotalSteps ?? 0, info?.Loss, eta,
            state.Status == RunFiles.Status.Failed ? info?.Error : null);
    }

    private sealed record Child(string Id, Process Process, Task Exit, Stopwatch Clock, long FirstStep)
    {
        private (long Step, TimeSpan At)? _first;

        /// <summary>The GPU this child holds (its CUDA_VISIBLE_DEVICES), or null.</summary>
        public string? Gpu { get; init; }

        /// <summary>Time left at the rate seen since the first step this child made.</summary>
        public TimeSpan? Eta(RunInfo? info)
        {
            if (info is null || info.TotalSteps <= 0 || info.Step <= FirstStep) return null;
            _first ??= (info.Step, Clock.Elapsed);
            var (step0, t0) = _first.Value;
            if (info.Step <= step0) return null;
            double perStep = (Clock.Elapsed - t0).TotalSeconds / (info.Step - step0);
            return TimeSpan.FromSeconds(perStep * (info.TotalSteps - info.Step));
        }
    }
}
