// The Slurm executor against stand-ins for sbatch, squeue and scontrol (shell scripts on a private
// PATH): the script it writes, what it submits and records, how Slurm's answers map back to runs, and
// that a missing or hanging Slurm is a clear error. The real cluster is SlurmEndToEndTests' job.
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Sweeps;

namespace BabyLm.Experiments.Tests.Sweeps;

public sealed class SlurmExecutorTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly BabyLmLauncher Launcher = new("/opt/dotnet/dotnet", ["/opt/babylm/babylm.dll"]);

    private SweepStore Prepare(string seeds = "[1, 2, 3]")
    {
        var spec = _dir.Write("spec/sweep.yaml", $"name: sl\nbase: {{data: {{corpus: c.txt}}, budget: {{steps: 10}}, threads: 1}}\nseeds: {seeds}\n");
        return SweepStore.Prepare(SweepPlan.Load(spec), _dir["runs"]);
    }

    /// <summary>A PATH holding fake Slurm tools that print the files beside them.</summary>
    private string FakeSlurm(string sbatchJob = "42")
    {
        var bin = _dir["bin"];
        Directory.CreateDirectory(bin);
        Tool(bin, "sbatch", $"printf '%s\\n' \"$@\" > '{bin}/sbatch.args'\necho '{sbatchJob};localtest'");
        Tool(bin, "squeue", $"cat '{bin}/squeue.out' 2>/dev/null");
        Tool(bin, "scontrol", $"grep -h \"JobId=$4 \" '{bin}/scontrol.out' 2>/dev/null || exit 1");
        return bin;
    }

    private static void Tool(string bin, string name, string body)
    {
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public void The_script_maps_each_array_task_to_a_run_and_execs_babylm_run()
    {
        var store = Prepare();
        var script = SlurmExecutor.Script(store, 3, "/x/submit-001.tasks", new SlurmOptions
        {
            Launcher = Launcher, Partition = "debug", Time = "1:00:00", CpusPerTask = 2, Mem = "4G", Gres = "gpu:1", ArrayParallelism = 2,
            SbatchArgs = ["--account=lab"],
        });
        Assert.StartsWith("#!/bin/bash\n", script);
        Assert.Contains("#SBATCH --array=0-2%2\n", script);
        Assert.Contains($"#SBATCH --output={store.Dir}/slurm/%A_%a.log\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=2\n#SBATCH --partition=debug\n#SBATCH --time=1:00:00\n#SBATCH --signal=B:TERM@120\n#SBATCH --mem=4G\n#SBATCH --gres=gpu:1\n#SBATCH --account=lab\n", script);
        Assert.Contains("id=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" '/x/submit-001.tasks')", script);
        Assert.Contains("exec '/opt/dotnet/dotnet' '/opt/babylm/babylm.dll' 'run' \"$sweep_dir\" \"$id\" >>\"$sweep_dir/$id/run.log\" 2>&1\n", script);
        Assert.DoesNotContain("--signal", SlurmExecutor.Script(store, 1, "t", new SlurmOptions { Launcher = Launcher, Time = "5" }));
    }

    [Fact]
    public void The_script_runs_under_bash_and_picks_the_run_of_its_task()
    {
        var store = Prepare();
        var ids = store.Index.Runs.Select(r => r.Id).ToList();
        var tasks = _dir.Write("t.tasks", string.Concat(ids.Select(i => i + "\n")));
        var echo = _dir.Write("echo-args.sh", "#!/bin/sh\necho \"args: $*\"\n");
        var script = _dir.Write("s.sbatch", SlurmExecutor.Script(store, 3, tasks, new SlurmOptions { Launcher = new BabyLmLauncher("/bin/sh", [echo]) }));
        var psi = new System.Diagnostics.ProcessStartInfo("/bin/bash", [script]) { UseShellExecute = false, RedirectStandardOutput = true };
        psi.Environment["SLURM_ARRAY_TASK_ID"] = "1";
        psi.Environment["SLURM_ARRAY_JOB_ID"] = "7";
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.WaitForExit(10_000);
        Assert.Equal(0, p.ExitCode);
        var log = File.ReadAllText(Path.Combine(store.RunDir(ids[1]), RunFiles.Log));
        Assert.Contains($"slurm task 7_1 starts run {ids[1]}", log);
        Assert.Contains($"args: run {store.Dir} {ids[1]}", log);
    }

    [Fact]
    public void Submitting_records_the_job_and_its_runs_in_task_order()
    {
        var store = Prepare();
        var bin = FakeSlurm();
        var ids = store.Index.Runs.Select(r => r.Id).ToList();
        var submission = SlurmExecutor.Submit(store, ids, new SlurmOptions { Launcher = Launcher, SearchPath = bin });
        Assert.Equal("42", submission.JobId);
        Assert.Equal(1, submission.Number);
        Assert.Equal(ids, File.ReadAllLines(submission.TaskList));
        Assert.Equal(["--parsable", submission.Script], File.ReadAllLines(Path.Combine(bin, "sbatch.args")));
        var again = SlurmExecutor.Submit(store, [ids[2]], new SlurmOptions { Launcher = Launcher, SearchPath = bin });
        Assert.Equal(2, again.Number);
        Assert.Equal([1, 2], SlurmExecutor.Submissions(store).Select(s => s.Number));
        Assert.EndsWith("submit-002.sbatch", again.Script);
    }

    [Fact]
    public void Slurm_tasks_map_back_to_runs_and_ended_tasks_without_an_outcome_are_recorded()
    {
        var store = Prepare();
        var bin = FakeSlurm();
        var ids = store.Index.Runs.Select(r => r.Id).ToList();
        SlurmExecutor.Submit(store, ids, new SlurmOptions { Launcher = Launcher, SearchPath = bin });
        File.WriteAllText(Path.Combine(bin, "squeue.out"), "42_0|RUNNING|None\n42_1|PENDING|Priority\n42_2|FAILED|NonZeroExitCode\n");
        // (the real scontrol prints the task's raw job id; the stand-in looks tasks up by name)
        File.WriteAllText(Path.Combine(bin, "scontrol.out"), "JobId=42_2 ArrayJobId=42 ArrayTaskId=2 JobState=FAILED Reason=NonZeroExitCode ExitCode=127:0\n");
        Directory.CreateDirectory(Path.Combine(store.Dir, "slurm"));
        File.WriteAllText(Path.Combine(store.Dir, "slurm", "42_2.log"), "babylm: task 42_2 runs x\n/opt/dotnet/dotnet: not found\n");

        var report = SweepStatus.Collect(store, bin);
        Assert.Equal(["running", "queued", "failed"], report.Runs.Select(r => r.State));
        var failed = report.Runs[2];
        Assert.Equal("42_2", failed.SlurmTask);
        Assert.Equal("127:0", failed.SlurmExitCode);
        Assert.StartsWith("Slurm task 42_2 ended FAILED (exit 127:0) before the run recorded an outcome", failed.Error);
        Assert.Contains("[42_2.log] /opt/dotnet/dotnet: not found", failed.LogTail);
        // …and it is in run.json, so the next submission treats it as failed: skipped unless --retry-failed.
        Assert.Equal(RunFiles.Status.Failed, store.State(ids[2]).Status);
        var queued = SlurmExecutor.Refresh(store, bin).Where(kv => kv.Value.Active).Select(kv => kv.Key).ToHashSet();
        var selection = store.Select(retryFailed: false, queued);
        Assert.Empty(selection.ToRun);
        Assert.Equal([ids[0], ids[1]], selection.Busy);
        Assert.Equal([ids[2]], store.Select(retryFailed: true, queued).ToRun);
    }

    [Fact]
    public void No_sbatch_on_PATH_is_a_clear_error_and_nothing_is_written()
    {
        var store = Prepare();
        var empty = _dir["empty-bin"];
        Directory.CreateDirectory(empty);
        var ex = Assert.Throws<BabyLmException>(() =>
            SlurmExecutor.Submit(store, [store.Index.Runs[0].Id], new SlurmOptions { Launcher = Launcher, SearchPath = empty }));
        Assert.Equal("the Slurm executor needs `sbatch`, and it is not on PATH", ex.Message);
        Assert.Contains("--executor local", ex.Hint);
        Assert.False(Directory.Exists(Path.Combine(store.Dir, "slurm")));
    }

    [Fact]
    public void A_Slurm_tool_that_does_not_answer_is_an_error_not_a_hang()
    {
        var bin = _dir["slow-bin"];
        Directory.CreateDirectory(bin);
        Tool(bin, "squeue", "sleep 30");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ex = Assert.Throws<BabyLmException>(() => SlurmCli.Run("squeue", ["-h"], bin, TimeSpan.FromSeconds(1)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Contains("did not answer within 1 s", ex.Message);
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData("30:00", 30)]
    [InlineData("1:30:00", 90)]
    [InlineData("2-00:00:00", 2880)]
    [InlineData("1-12", 2160)]
    [InlineData("1-0:30", 1470)]
    [InlineData("soon", 0)]
    public void Slurm_time_limits_parse_to_minutes(string time, double minutes) => Assert.Equal(minutes, SlurmExecutor.Minutes(time), 6);

    [Fact]
    public void Squeue_and_scontrol_answers_parse()
    {
        var tasks = SlurmCli.ParseSqueue("12_0|COMPLETED|None\n12_3|PENDING|JobArrayTaskLimit\nnoise\n");
        Assert.Equal([new SlurmTask("12", 0, "COMPLETED", "None"), new SlurmTask("12", 3, "PENDING", "JobArrayTaskLimit")], tasks);
        Assert.False(tasks[0].Active);
        Assert.True(tasks[1].Active);
        var fields = SlurmCli.ParseScontrol("JobId=14 ArrayJobId=12 ArrayTaskId=2 JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15");
        Assert.Equal("0:15", fields["ExitCode"]);
        Assert.Equal("TIMEOUT", fields["JobState"]);
        Assert.Equal("12", SlurmCli.ParseJobId("12;localtest\n"));
        Assert.Throws<BabyLmException>(() => SlurmCli.ParseJobId("sbatch: error: Batch job submission failed"));
    }
}
