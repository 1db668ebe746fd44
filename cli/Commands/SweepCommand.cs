// `babylm sweep <spec>`: expand a sweep spec into runs, validate all of them, then run what is left to
// do — locally in a pool of child processes (a live table; Ctrl-C checkpoints and stops) or as one Slurm
// job array. Running the same command again skips done runs and resumes unfinished ones.
using System.CommandLine;
using System.Runtime.InteropServices;
using BabyLm.Experiments.Sweeps;
using Spectre.Console;

namespace BabyLm.Cli.Commands;

internal static class SweepCommand
{
    /// <summary>Exit code when the sweep ended with runs failed (or failed runs skipped).</summary>
    public const int ExitRunsFailed = 3;

    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "Sweep spec (YAML): base config, grid, zip, seeds, exclude." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the runs and what running the sweep would do with each; write nothing." };
        var runs = new Option<string>("--runs") { Description = "Folder holding sweeps; this one goes to <runs>/<name>.", DefaultValueFactory = _ => "runs" };
        var executor = new Option<string>("--executor") { Description = "local (child processes here) or slurm (one job array).", DefaultValueFactory = _ => "local" };
        executor.AcceptOnlyFromAmong("local", "slurm");
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Run failed runs again (otherwise they are skipped)." };
        var workers = new Option<int?>("--workers") { Description = "local: runs at once (default: cores / threads per run)." };
        var threadsPerRun = new Option<int?>("--threads-per-run") { Description = "local: threads for runs whose config says threads: 0 (default: cores / workers)." };
        var oversubscribe = new Option<bool>("--oversubscribe") { Description = "Allow workers × threads per run (or threads > cpus per task) to exceed the cores." };
        var failFast = new Option<bool>("--fail-fast") { Description = "local: stop the sweep when a run fails (the others checkpoint and stop)." };
        var gpus = new Option<string?>("--gpus") { Description = "local: GPUs for runs with device: cuda, one run per GPU at a time (comma-separated, as CUDA_VISIBLE_DEVICES names them; default: every visible GPU)." };
        var partition = new Option<string?>("--partition") { Description = "slurm: partition." };
        var time = new Option<string?>("--time") { Description = "slurm: time limit per run, e.g. 2:00:00." };
        var cpus = new Option<int?>("--cpus-per-task") { Description = "slurm: CPUs per run (default: the runs' threads, or 1)." };
        var mem = new Option<string?>("--mem") { Description = "slurm: memory per run, e.g. 8G." };
        var gres = new Option<string?>("--gres") { Description = "slurm: generic resources per run, e.g. gpu:1." };
        var parallelism = new Option<int?>("--array-parallelism") { Description = "slurm: at most this many runs at once." };
        var sbatchArgs = new Option<string[]>("--sbatch-arg") { Description = "slurm: extra sbatch option (repeatable), e.g. --sbatch-arg=--account=lab." };
        var wait = new Option<bool>("--wait") { Description = "slurm: wait until the job array has finished, then show the status." };
        var set = new Option<string[]>("--set") { Description = "Set a key in every run (repeatable), e.g. --set data.corpus=/data/babylm (part of the runs' ids).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("sweep", "Run a grid of training runs from one spec, locally or on Slurm; rerun to resume.\n\n"
            + "Examples:\n  babylm sweep experiments/configs/sweep-width.yaml --dry-run\n"
            + "  babylm sweep sweep.yaml --workers 4 --threads-per-run 2\n"
            + "  babylm sweep experiments/configs/strict-small.yaml --set data.corpus=/data/babylm-2024 --executor slurm\n"
            + "  babylm sweep sweep.yaml --set device=cuda --gpus 0,1,2,3        # four runs at once, one per GPU\n"
            + "  babylm sweep sweep.yaml --executor slurm --partition gpu --time 4:00:00 --cpus-per-task 8 --gres gpu:1\n\n"
            + "Exit codes: 0 every run done, 2 bad input, 3 runs failed, 130 interrupted.")
        {
            spec, dryRun, runs, executor, retryFailed, workers, threadsPerRun, oversubscribe, failFast, gpus,
            partition, time, cpus, mem, gres, parallelism, sbatchArgs, wait, set,
        };
        command.SetAction(parse =>
        {
            var err = parse.InvocationConfiguration.Error;
            var plan = SweepPlan.Load(parse.GetValue(spec)!, parse.GetValue(set) ?? []);
            foreach (var w in plan.Warnings) err.WriteLine($"warning: {w}");
            bool slurm = parse.GetValue(executor) == "slurm";
            var misplaced = (slurm
                    ? new Option[] { workers, threadsPerRun, failFast, gpus }
                    : [partition, time, cpus, mem, gres, parallelism, sbatchArgs, wait])
                .Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
            if (misplaced.Count > 0)
                throw new BabyLmException($"{string.Join(", ", misplaced)} do(es) not apply to --executor {(slurm ? "slurm" : "local")}", "see `babylm sweep --help`");

            var runsRoot = parse.GetValue(runs)!;
            foreach (var run in plan.Runs)
                Experiments.Training.MemoryEstimate.Check(run.Config, Experiments.Training.MemoryEstimate.VocabOf(run.Config, plan.Spec.Dir), $"run {run.Id} ({run.Label})");
            if (parse.GetValue(dryRun)) return DryRun(parse, plan, runsRoot);
            // Every option is checked before anything is written.
            if (slurm)
            {
                foreach (var (option, value) in new[] { (cpus, parse.GetValue(cpus)), (parallelism, parse.GetValue(parallelism)) })
                    if (value is < 1) throw new BabyLmException($"{option.Name} must be at least 1 (got {value})", "see `babylm sweep --help`");
                SlurmCli.Find("sbatch");
            }
            else LocalOptions.CheckValues(parse.GetValue(workers), parse.GetValue(threadsPerRun));
            var store = SweepStore.Prepare(plan, runsRoot, note => err.WriteLine(note));
            var launcher = BabyLmLauncher.ForDll(typeof(SweepCommand).Assembly.Location);
            return slurm
                ? Slurm(parse, store, plan, new SlurmOptions
                {
                    Launcher = launcher, Partition = parse.GetValue(partition), Time = parse.GetValue(time), CpusPerTask = parse.GetValue(cpus),
                    Mem = parse.GetValue(mem), Gres = parse.GetValue(gres), ArrayParallelism = parse.GetValue(parallelism),
                    SbatchArgs = parse.GetValue(sbatchArgs) ?? [],
                }, parse.GetValue(retryFailed), parse.GetValue(oversubscribe), parse.GetValue(wait))
                : Local(parse, store, plan, launcher, parse.GetValue(workers), parse.GetValue(threadsPerRun), parse.GetValue(oversubscribe),
                    parse.GetValue(retryFailed), parse.GetValue(failFast), parse.GetValue(gpus));
        });
        return command;
    }

    /// <summary>The GPUs this process may use, as CUDA_VISIBLE_DEVICES names them (its list when set, else 0 … count − 1).</summary>
    private static IReadOnlyList<string> VisibleGpus()
    {
        if (Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") is { } visible)
            return visible.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        int count = BabyLm.Engine.Backends.CudaBackend.DeviceCount();
        return Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    private static int DryRun(ParseResult parse, SweepPlan plan, string runsRoot)
    {
        var dir = SweepStore.DirFor(runsRoot, plan.Spec.Name);
        var existing = File.Exists(Path.Combine(dir, SweepStore.IndexFile)) ? SweepStore.Open(dir) : null;
        var console = Ui.Console(parse);
        var table = new Table().Title(Ui.Escape($"sweep {plan.Spec.Name}: {plan.Runs.Count} runs ({plan.Excluded} excluded) → {dir}"));
        foreach (var h in new[] { "#", "run", "values", "state" }) table.AddColumn(h);
        foreach (var run in plan.Runs)
        {
            var state = existing is not null && existing.Index.Runs.Any(r => r.Id == run.Id) ? existing.State(run.Id).Status : "new";
            table.AddRow($"{run.Index}", run.Id, Ui.Escape(run.Label), state);
        }
        console.Write(table);
        return CliApp.ExitOk;
    }

    internal static int Local(ParseResult parse, SweepStore store, SweepPlan plan, BabyLmLauncher launcher, int? workers, int? threadsPerRun,
        bool oversubscribe, bool retryFailed, bool failFast, string? gpuList = null)
    {
        var output = parse.InvocationConfiguration.Output;
        var selection = store.Select(retryFailed);
        var selected = plan.Runs.Where(r => selection.ToRun.Contains(r.Id)).ToList();
        var threads = selected.Select(r => r.Config.Threads).ToList();
        IReadOnlyList<string>? gpus = null;
        if (selected.Any(r => r.Config.Device == "cuda"))
        {
            // One GPU per run: each child sees only its own (CUDA_VISIBLE_DEVICES), as its gpu 0.
            if (selected.FirstOrDefault(r => r.Config.Device == "cuda" && r.Config.Gpu != 0) is { } pinned)
                throw new BabyLmException($"run {pinned.Id} sets gpu: {pinned.Config.Gpu}, but a local sweep gives each run on cuda a GPU of its own",
                    "leave gpu at 0 in the spec and choose the GPUs with --gpus");
            gpus = gpuList is { Length: > 0 } ? gpuList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : VisibleGpus();
            workers = LocalOptions.PlanGpus(gpus, workers);
        }
        else if (gpuList is not null)
        {
            throw new BabyLmException("--gpus applies to runs with device: cuda, and this sweep has none", "set device: cuda in the spec, or drop --gpus");
        }
        var (w, auto) = LocalOptions.Plan(threads, workers, threadsPerRun, oversubscribe, Environment.ProcessorCount);
        output.WriteLine($"sweep {store.Name}: {plan.Runs.Count} runs in {store.Dir}: {selection.Summary("run")}");
        if (selection.ToRun.Count == 0) return Finish(parse, store);
        output.WriteLine($"running with {w} worker(s){(threads.Contains(0) ? $", {auto} thread(s) for runs with threads: 0" : "")}{(gpus is null ? "" : $", GPUs {string.Join(",", gpus)} (one run each)")}");

        var executor = new LocalExecutor(store, new LocalOptions { Launcher = launcher, Workers = w, AutoThreads = auto, FailFast = failFast, Gpus = gpus });
        int signals = 0;
        void OnSignal(PosixSignalContext ctx)
        {
            ctx.Cancel = true;
            if (Interlocked.Increment(ref signals) == 1)
            {
                parse.InvocationConfiguration.Error.WriteLine("stopping: each run checkpoints and stops (interrupt again to kill them)");
                executor.Stop();
            }
            else
            {
                executor.Kill();
            }
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        SweepResult result;
        if (Ui.Interactive(parse))
        {
            var title = $"sweep {store.Name}";
            var running = Task.Run(() => executor.Run(selection.ToRun));
            Ui.Console(parse).Live(SweepTable.Build(title, executor.Snapshot())).Start(ctx =>
            {
                while (!running.Wait(500)) ctx.UpdateTarget(SweepTable.Build(title, executor.Snapshot()));
                ctx.UpdateTarget(SweepTable.Build(title, executor.Snapshot()));
            });
            result = running.GetAwaiter().GetResult();
        }
        else
        {
            executor.Message += line => output.WriteLine(line);
            result = executor.Run(selection.ToRun);
        }
        if (result.Stopped && !result.AllDone && signals > 0)
        {
            output.WriteLine($"interrupted: {result.Count(RunOutcome.Done)} done, {result.Count(RunOutcome.Interrupted)} checkpointed; run the same command again to resume");
            return CliApp.ExitInterrupted;
        }
        return Finish(parse, store, table: !Ui.Interactive(parse));   // on a terminal the live table stays on screen
    }

    private static int Slurm(ParseResult parse, SweepStore store, SweepPlan plan, SlurmOptions options, bool retryFailed, bool oversubscribe, bool wait)
    {
        var output = parse.InvocationConfiguration.Output;
        var queued = SlurmExecutor.Refresh(store, options.SearchPath).Where(kv => kv.Value.Active).Select(kv => kv.Key).ToHashSet();
        var selection = store.Select(retryFailed, queued);
        output.WriteLine($"sweep {store.Name}: {plan.Runs.Count} runs in {store.Dir}: {selection.Summary("submit")}");
        if (selection.ToRun.Count == 0) return wait ? Finish(parse, store) : CliApp.ExitOk;

        int maxThreads = plan.Runs.Where(r => selection.ToRun.Contains(r.Id)).Max(r => r.Config.Threads);
        options = options with { CpusPerTask = options.CpusPerTask ?? Math.Max(1, maxThreads) };
        if (maxThreads > options.CpusPerTask && !oversubscribe)
        {
            throw new BabyLmException($"runs use threads: {maxThreads}, more than --cpus-per-task {options.CpusPerTask}",
                "raise --cpus-per-task, or pass --oversubscribe");
        }
        var submission = SlurmExecutor.Submit(store, selection.ToRun, options);
        output.WriteLine($"submitted job {submission.JobId}: {submission.RunIds.Count} array task(s), script {submission.Script}");
        if (!wait)
        {
            output.WriteLine($"follow it with: babylm status {store.Dir}");
            return CliApp.ExitOk;
        }
        using var cts = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx =>
        {
            ctx.Cancel = true;
            cts.Cancel();
        });
        SlurmExecutor.Wait(submission, line => output.WriteLine(line), cts.Token, options.SearchPath);
        if (cts.IsCancellationRequested)
        {
            output.WriteLine($"stopped waiting; job {submission.JobId} goes on (scancel {submission.JobId} stops it)");
            return CliApp.ExitInterrupted;
        }
        return Finish(parse, store);
    }

    /// <summary>Prints the sweep's status; 0 when every run is done, 3 otherwise.</summary>
    private static int Finish(ParseResult parse, SweepStore store, bool table = true)
    {
        var report = SweepStatus.Collect(store);
        StatusCommand.Print(parse, report, table);
        return report.Runs.All(r => r.State == "done") ? CliApp.ExitOk : ExitRunsFailed;
    }
}
