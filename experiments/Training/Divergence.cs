// The error when training diverges (a loss or gradient norm that is not finite): it says what is true about
// the run folder — whether a checkpoint from before the divergence is there to resume from, and which step —
// and how to go on: resume that checkpoint with a lower learning rate (`train --allow-config-change`), or
// start a new folder. In a sweep, settings change through the spec (new runs), never in place.
using System.Globalization;

namespace BabyLm.Experiments.Training;

public static class Divergence
{
    /// <param name="what">"loss" or "gradient norm".</param>
    /// <param name="step">The step that produced the value (1-based).</param>
    public static BabyLmException Error(string what, double value, long step, string runDir, RunConfig cfg, string sweep)
    {
        var last = Checkpoint.List(runDir).LastOrDefault();
        long? kept = last is null ? null : long.TryParse(Path.GetFileNameWithoutExtension(last)["step-".Length..], out long s) ? s : null;
        string state = kept is { } k
            ? $"the checkpoint of step {k:N0} (before the divergence) is kept in {Path.Combine(runDir, Runs.RunFiles.Checkpoints)}"
            : $"no checkpoint was written before it (checkpoint.every_steps: {cfg.Checkpoint.EverySteps}), so there is nothing to resume from";
        string lower = $"optimizer.lr={Num(cfg.Optimizer.Lr / 10)}";
        string hint = sweep.Length > 0
            ? $"lower optimizer.lr (now {Num(cfg.Optimizer.Lr)}) or raise schedule.warmup_steps in the sweep spec: that makes new runs"
            : kept is not null
                ? $"to resume from it with a lower learning rate, rerun the same `babylm train` command with --set {lower} --allow-config-change optimizer.lr (recorded in run.json); or train into a new --out folder"
                : $"lower the learning rate (e.g. --set {lower}) or raise schedule.warmup_steps and train into a new --out folder (or rerun here with --allow-config-change optimizer.*, which starts over)";
        return new BabyLmException($"the {what} became {value} at step {step:N0}; training stopped: {state}", hint);
    }

    private static string Num(double x) => x.ToString("G3", CultureInfo.InvariantCulture);
}
