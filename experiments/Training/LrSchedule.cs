// The learning rate as a pure function of the step: linear warm-up to the peak, then cosine or linear
// decay to min_lr_ratio·peak at the last step, or constant.
namespace BabyLm.Experiments.Training;

public static class LrSchedule
{
    public static int WarmupSteps(ScheduleConfig s, long totalSteps)
        => s.WarmupSteps > 0 ? s.WarmupSteps : (int)Math.Round(s.WarmupFraction * totalSteps);

    /// <summary>Learning rate at <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double At(long step, long totalSteps, double peak, ScheduleConfig s)
    {
        long warm = WarmupSteps(s, totalSteps);
        if (step < warm) return peak * (step + 1) / warm;
        if (s.Kind == "constant") return peak;
        double min = peak * s.MinLrRatio;
        long span = Math.Max(1, totalSteps - 1 - warm);
        double frac = Math.Clamp((double)(step - warm) / span, 0, 1);
        return s.Kind switch
        {
            "linear" => peak - (peak - min) * frac,
            _ => min + 0.5 * (peak - min) * (1 + Math.Cos(Math.PI * frac)),
        };
    }
}
