// `babylm run <sweep-dir> <run-id>`: train one run of a prepared sweep — what both executors call for
// each run. Resumes from the run's last checkpoint; SIGINT/SIGTERM (Ctrl-C, scancel, a Slurm time limit,
// the local executor stopping) checkpoint and stop it; a run already done is left alone. The run's lock
// keeps two processes from training the same run at once.
using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using BabyLm.Core;
using BabyLm.Experiments.Runs;
using BabyLm.Experiments.Sweeps;

namespace BabyLm.Cli.Commands;

internal static class RunCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("sweep-dir") { Description = "The sweep's folder: runs/<sweep name>." };
        var id = new Argument<string>("run-id") { Description = "The run's id (or a unique prefix of it)." };
        var command = new Command("run", "Train one run of a sweep (what `babylm sweep` starts for each run); resumes from its last checkpoint.\n\n"
            + "Examples:\n  babylm run runs/width-lr 3f9a1c2b7d\n  babylm run runs/width-lr 3f9a")
        {
            dir, id,
        };
        command.SetAction(parse =>
        {
            var store = SweepStore.Open(parse.GetValue(dir)!);
            var runId = store.ResolveRunId(parse.GetValue(id)!);
            var runDir = store.RunDir(runId);
            var output = parse.InvocationConfiguration.Output;
            if (File.Exists(Path.Combine(runDir, RunFiles.Done)))
            {
                output.WriteLine($"run {runId} is already done");
                return CliApp.ExitOk;
            }
            using var cancel = new CancellationTokenSource();
            void Stop(PosixSignalContext ctx)
            {
                ctx.Cancel = true;        // checkpoint first; the trainer returns at the end of the current step
                cancel.Cancel();
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            if (int.TryParse(Environment.GetEnvironmentVariable(LocalExecutor.ParentEnv), NumberStyles.None, CultureInfo.InvariantCulture, out int parent))
                Posix.CancelWhenOrphaned(parent, cancel);

            using var runLock = AcquireLock(runDir, runId);
            Experiments.Training.RunConfig config;
            try
            {
                config = store.LoadConfig(runId);
            }
            catch (BabyLmException ex)
            {
                store.RecordEnd(runId, RunFiles.Status.Failed, ex.Message);
                throw;
            }
            output.WriteLine($"run {runId} of sweep {store.Name}: {store.State(runId).Run.Label}");
            var result = TrainCommand.RunTraining(parse, config, runDir, store.Index.SpecDir, cancel.Token, store.Name, heldLock: runLock);
            output.WriteLine(result.Completed
                ? $"done: {result.Step:N0} steps, {result.WordsSeen:N0} words seen, loss {result.Loss:0.0000}"
                : $"stopped at step {result.Step:N0} (checkpointed)");
            return result.Completed ? CliApp.ExitOk : CliApp.ExitInterrupted;
        });
        return command;
    }

    private static FileLock AcquireLock(string runDir, string runId)
    {
        try
        {
            // A status probe holds the lock for an instant; wait that out, not a real run.
            return FileLock.Acquire(Path.Combine(runDir, SweepStore.RunLock), TimeSpan.FromSeconds(3));
        }
        catch (IOException)
        {
            var lockPath = Path.Combine(runDir, SweepStore.RunLock);
            throw new BabyLmException($"run {runId} is being trained by {FileLock.Describe(FileLock.ReadOwner(lockPath))} (its lock {lockPath} is held)",
                "wait for it to finish or stop it; `babylm status` shows the sweep");
        }
    }
}
