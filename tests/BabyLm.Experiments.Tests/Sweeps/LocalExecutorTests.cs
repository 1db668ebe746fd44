// The local executor and the run store, driven with a stand-in for `babylm run`: a shell script that
// behaves by the run's seed (succeeds, fails with an error, dies without a word, or waits for SIGTERM and
// checkpoints). This checks the process pool itself — limits, isolation, recorded errors, stop, rerun
// rules — in a second or two, without training anything; the end-to-end tests use the real CLI.
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Sweeps;

namespace BabyLm.Experiments.Tests.Sweeps;

public sealed class LocalExecutorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // seeds 1-6 succeed after a short while; 7 fails with an error; 8 dies without recording anything;
    // 9-10 train until SIGTERM, then checkpoint (status interrupted).
    private const string FakeRun = """
        #!/bin/sh
        # fake `babylm run <sweep-dir> <run-id>`
        dir="$2/$3"
        seed=$(sed -n 's/^seed: //p' "$dir/config.yaml")
        events="$2/../events.log"
        info() { printf '{"id":"%s","config_hash":"x","status":"%s","step":%s,"total_steps":10,"attempts":1%s}' "$3" "$1" "$2" "$4" > "$dir/run.json.tmp"; mv "$dir/run.json.tmp" "$dir/run.json"; }
        printf 'parent=%s threads=%s\n' "$BABYLM_SWEEP_PARENT" "$DOTNET_PROCESSOR_COUNT" > "$dir/env.txt"
        echo "start $3 gpu=$CUDA_VISIBLE_DEVICES" >> "$events"
        echo "training $3 (seed $seed)"
        case "$seed" in
          7) info failed 3 "$3" ',"error":"boom: the corpus is gone"'; echo "end $3" >> "$events"; exit 2 ;;
          8) echo "about to crash"; echo "end $3" >> "$events"; exit 9 ;;
          9|10) info running 4 "$3"; trap 'kill $! 2>/dev/null; info interrupted 4 "$3"; echo "end $3" >> "$events"; exit 130' TERM; sleep 30 & wait $!; exit 0 ;;
        esac
        sleep 0.3
        info done 10 "$3" ',"loss":1.5'
        date > "$dir/DONE"
        echo "end $3" >> "$events"
        """;

    private (SweepStore Store, LocalOptions Options) Prepare(string seeds, int workers = 2, string threads = "0")
    {
        var spec = _dir.Write("spec/sweep.yaml", $"name: fake\nbase: {{data: {{corpus: c.txt}}, budget: {{steps: 10}}, threads: {threads}}}\nseeds: {seeds}\n");
        var store = SweepStore.Prepare(SweepPlan.Load(spec), _dir["runs"]);
        var script = _dir.Write("fake-babylm.sh", FakeRun.Replace("\r", "", StringComparison.Ordinal));
        return (store, new LocalOptions { Launcher = new BabyLmLauncher("/bin/sh", [script]), Workers = workers, AutoThreads = 3 });
    }

    private string IdOfSeed(SweepStore store, int seed) => store.Index.Runs.Single(r => r.Label == $"seed={seed}").Id;

    private int MaxConcurrent()
    {
        int now = 0, max = 0;
        foreach (var line in File.ReadAllLines(_dir["runs/events.log"]))
        {
            now += line.StartsWith("start", StringComparison.Ordinal) ? 1 : -1;
            max = Math.Max(max, now);
        }
        return max;
    }

    [Fact]
    public void Runs_on_cuda_get_a_gpu_of_their_own_and_never_share_one()
    {
        var spec = _dir.Write("spec/sweep.yaml", "name: fake\nbase: {device: cuda, data: {corpus: c.txt}, budget: {steps: 10}}\nseeds: [1, 2, 3, 4, 5]\n");
        var store = SweepStore.Prepare(SweepPlan.Load(spec), _dir["runs"]);
        var script = _dir.Write("fake-babylm.sh", FakeRun.Replace("\r", "", StringComparison.Ordinal));
        IReadOnlyList<string> gpus = ["3", "5"];  // as CUDA_VISIBLE_DEVICES names them
        var options = new LocalOptions { Launcher = new BabyLmLauncher("/bin/sh", [script]), Workers = LocalOptions.PlanGpus(gpus, null), Gpus = gpus };
        Assert.Equal(2, options.Workers);
        var result = new LocalExecutor(store, options).Run(store.Index.Runs.Select(r => r.Id).ToList());
        Assert.Equal(5, result.Count(RunOutcome.Done));
        var held = new Dictionary<string, string>();  // run → GPU, while it runs
        foreach (var line in File.ReadAllLines(_dir["runs/events.log"]))
        {
            var parts = line.Split(' ');
            if (parts[0] == "end") { held.Remove(parts[1]); continue; }
            var gpu = parts[2]["gpu=".Length..];
            Assert.Contains(gpu, gpus);
            Assert.DoesNotContain(gpu, held.Values);  // no GPU serves two runs at once
            held[parts[1]] = gpu;
        }
        Assert.Equal(2, MaxConcurrent());
    }

    [Fact]
    public void Status_names_the_gpu_a_run_trained_on()
    {
        var (store, _) = Prepare("[1, 2]");
        var id = IdOfSeed(store, 1);
        var info = store.State(id).Info! with { Device = "cuda", Gpu = "0: NVIDIA H100 80GB HBM3", Precision = "bf16", Status = RunFiles.Status.Running };
        info.Write(store.RunDir(id));
        var report = SweepStatus.Collect(store);
        Assert.Equal("cuda 0: NVIDIA H100 80GB HBM3, bf16", report.Runs.Single(r => r.Id == id).Device);
        var text = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(text), Ansi = Spectre.Console.AnsiSupport.No, ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 200;
        console.Write(SweepTable.Build("t", report.Runs.Select(r => r.ToRow()).ToList()));
        Assert.Contains("cuda 0: NVIDIA H100 80GB HBM3, bf16", text.ToString());
    }

    [Fact]
    public void More_workers_than_gpus_or_no_gpu_is_refused()
    {
        var many = Assert.Throws<BabyLmException>(() => LocalOptions.PlanGpus(["0", "1"], 3));
        Assert.Contains("--workers 3 is more than the 2 GPU(s)", many.Message);
        Assert.Contains("no GPU is visible", Assert.Throws<BabyLmException>(() => LocalOptions.PlanGpus([], null)).Message);
    }

    [Fact]
    public void Prepared_runs_have_their_config_and_a_pending_run_json()
    {
        var (store, _) = Prepare("[1, 2, 3]");
        Assert.Equal(3, store.Index.Runs.Count);
        foreach (var state in store.States())
        {
            Assert.Equal(RunFiles.Status.Pending, state.Status);
            Assert.Equal(0, state.Info!.Attempts);
            Assert.Equal(state.Id, Experiments.Config.YamlConfig.ShortHash(File.ReadAllText(Path.Combine(store.RunDir(state.Id), RunFiles.Config))));
            Assert.Equal(state.Id, state.Info.Id);
        }
        Assert.True(File.Exists(Path.Combine(store.Dir, SweepStore.SpecCopy)));
        Assert.Equal(_dir["spec"], store.Index.SpecDir);
        Assert.Equal("seed=2", SweepStore.Open(store.Dir).Index.Runs[1].Label);
    }

    [Fact]
    public void Runs_go_at_most_workers_at_a_time_and_a_failure_or_crash_does_not_stop_the_others()
    {
        var (store, options) = Prepare("[1, 2, 7, 3, 8, 4]");
        var lines = new List<string>();
        var executor = new LocalExecutor(store, options);
        executor.Message += l => { lock (lines) lines.Add(l); };
        var result = executor.Run(store.Index.Runs.Select(r => r.Id).ToList());

        Assert.Equal(4, result.Count(RunOutcome.Done));
        Assert.Equal(2, result.Count(RunOutcome.Failed));
        Assert.False(result.Stopped);
        Assert.Equal(2, MaxConcurrent());
        var failed = store.State(IdOfSeed(store, 7));
        Assert.Equal(RunFiles.Status.Failed, failed.Status);
        Assert.Equal("boom: the corpus is gone", failed.Info!.Error);
        var crashed = store.State(IdOfSeed(store, 8));
        Assert.Equal(RunFiles.Status.Failed, crashed.Status);
        Assert.Equal("babylm run exited with code 9 without recording an outcome; last log line: about to crash", crashed.Info!.Error);
        Assert.Contains(lines, l => l.StartsWith("FAILED " + crashed.Id, StringComparison.Ordinal));
        // Each child's output went to its own run.log, and it knew its parent and its thread count.
        var id1 = IdOfSeed(store, 1);
        Assert.Contains("training " + id1, File.ReadAllText(Path.Combine(store.RunDir(id1), RunFiles.Log)));
        Assert.Equal($"parent={Environment.ProcessId} threads=3\n", File.ReadAllText(Path.Combine(store.RunDir(id1), "env.txt")));
    }

    [Fact]
    public void A_rerun_skips_done_runs_and_retries_failed_ones_only_when_asked()
    {
        var (store, options) = Prepare("[1, 7]");
        new LocalExecutor(store, options).Run(store.Index.Runs.Select(r => r.Id).ToList());

        var again = store.Select(retryFailed: false);
        Assert.Empty(again.ToRun);
        Assert.Equal([IdOfSeed(store, 1)], again.Done);
        Assert.Equal([IdOfSeed(store, 7)], again.FailedSkipped);
        Assert.Equal([IdOfSeed(store, 7)], store.Select(retryFailed: true).ToRun);

        // Preparing the same spec again leaves every run as it was.
        var reopened = SweepStore.Prepare(SweepPlan.Load(_dir["spec/sweep.yaml"]), _dir["runs"]);
        Assert.Equal(RunFiles.Status.Done, reopened.State(IdOfSeed(store, 1)).Status);
        Assert.Equal(RunFiles.Status.Failed, reopened.State(IdOfSeed(store, 7)).Status);
    }

    [Fact]
    public void Fail_fast_starts_no_more_runs_after_a_failure()
    {
        var (store, options) = Prepare("[7, 1, 2]", workers: 1);
        var result = new LocalExecutor(store, options with { FailFast = true }).Run(store.Index.Runs.Select(r => r.Id).ToList());
        Assert.Equal(RunOutcome.Failed, result.Outcomes[IdOfSeed(store, 7)]);
        Assert.Equal(RunOutcome.NotStarted, result.Outcomes[IdOfSeed(store, 1)]);
        Assert.Equal(RunOutcome.NotStarted, result.Outcomes[IdOfSeed(store, 2)]);
        Assert.Equal(RunFiles.Status.Pending, store.State(IdOfSeed(store, 1)).Status);
    }

    [Fact]
    public async Task Stop_sends_sigterm_so_running_runs_checkpoint_and_no_new_ones_start()
    {
        var (store, options) = Prepare("[9, 10, 1]");
        var executor = new LocalExecutor(store, options);
        var running = Task.Run(() => executor.Run(store.Index.Runs.Select(r => r.Id).ToList()));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (executor.Snapshot().Count(r => r.State == "running" && r.Step == 4) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the two runs did not start");
            await Task.Delay(50);
        }
        executor.Stop();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(result.Stopped);
        Assert.Equal(RunOutcome.Interrupted, result.Outcomes[IdOfSeed(store, 9)]);
        Assert.Equal(RunOutcome.Interrupted, result.Outcomes[IdOfSeed(store, 10)]);
        Assert.Equal(RunOutcome.NotStarted, result.Outcomes[IdOfSeed(store, 1)]);
        Assert.Equal(RunFiles.Status.Interrupted, store.State(IdOfSeed(store, 9)).Status);
        Assert.Equal(RunDecision.Run, SweepStore.Decide(store.State(IdOfSeed(store, 9)), retryFailed: false));
    }

    [Fact]
    public void A_run_left_running_is_resumed_unless_a_live_process_holds_its_lock()
    {
        var (store, _) = Prepare("[1]");
        var id = store.Index.Runs[0].Id;
        var runDir = store.RunDir(id);
        (RunInfo.TryRead(runDir)! with { Status = RunFiles.Status.Running }).Write(runDir);
        Assert.Equal(RunDecision.Run, SweepStore.Decide(store.State(id), retryFailed: false));   // its process is gone
        using (SweepStore.TryLockRun(runDir))
        {
            Assert.True(store.State(id).Busy);
            Assert.Equal([id], store.Select(retryFailed: true).Busy);
        }
        Assert.False(store.State(id).Busy);
    }

    [Fact]
    public void Two_executors_never_run_the_same_sweep()
    {
        var (store, options) = Prepare("[1]");
        using var held = store.TryLockSweep();
        Assert.NotNull(held);
        var ex = Assert.Throws<BabyLmException>(() => new LocalExecutor(store, options).Run([store.Index.Runs[0].Id]));
        Assert.Contains("another `babylm sweep` is already running sweep fake", ex.Message);
    }

    [Fact]
    public void An_edited_run_config_is_refused()
    {
        var (store, _) = Prepare("[1]");
        var id = store.Index.Runs[0].Id;
        var path = Path.Combine(store.RunDir(id), RunFiles.Config);
        File.WriteAllText(path, File.ReadAllText(path).Replace("seed: 1", "seed: 5", StringComparison.Ordinal));
        Assert.Contains("does not match run id", Assert.Throws<BabyLmException>(() => store.LoadConfig(id)).Message);
        Assert.Contains("does not hold the config of run", Assert.Throws<BabyLmException>(
            () => SweepStore.Prepare(SweepPlan.Load(_dir["spec/sweep.yaml"]), _dir["runs"])).Message);
    }

    [Theory]
    [InlineData(new[] { 1, 1 }, null, null, 2, 2, 1)]          // explicit threads 1 on 2 cores: 2 workers
    [InlineData(new[] { 0, 0 }, null, null, 2, 1, 2)]          // threads: 0 and nothing asked: one worker, all cores
    [InlineData(new[] { 0, 0 }, 2, null, 2, 2, 1)]             // 2 workers share the cores
    [InlineData(new[] { 0, 0 }, null, 2, 4, 2, 2)]             // 2 threads each on 4 cores: 2 workers
    [InlineData(new[] { 2, 0 }, 1, 2, 8, 1, 2)]
    public void Workers_and_threads_fill_the_cores(int[] runThreads, int? workers, int? threadsPerRun, int cores, int expectWorkers, int expectAuto)
    {
        var (w, auto) = LocalOptions.Plan(runThreads, workers, threadsPerRun, oversubscribe: false, cores);
        Assert.Equal((expectWorkers, expectAuto), (w, auto));
    }

    [Fact]
    public void Oversubscribing_the_cores_needs_to_be_asked_for()
    {
        var ex = Assert.Throws<BabyLmException>(() => LocalOptions.Plan([2, 2], 2, null, oversubscribe: false, cores: 2));
        Assert.Equal("2 workers × 2 threads per run = 4 threads on 2 cores would oversubscribe the CPU", ex.Message);
        Assert.Equal((2, 1), LocalOptions.Plan([2, 2], 2, null, oversubscribe: true, cores: 2));
        Assert.Contains("conflicts with runs whose config sets threads: 4",
            Assert.Throws<BabyLmException>(() => LocalOptions.Plan([4], 1, 2, oversubscribe: true, cores: 8)).Message);
    }
}
