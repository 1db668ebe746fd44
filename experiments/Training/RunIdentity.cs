// What makes two run configs the same run: every key, defaults included, except where the run computes
// (device, gpu). A run's id, its config hash (in run.json and every checkpoint) and the check that a
// run folder belongs to a config all use this text, so a run stopped on one device resumes on the other
// (run.json records where each attempt ran). Precision and threads stay in it: they change the numbers.
using BabyLm.Experiments.Config;

namespace BabyLm.Experiments.Training;

public static class RunIdentity
{
    /// <summary>The canonical YAML of <paramref name="config"/> with its placement at the defaults.</summary>
    public static string Of(RunConfig config)
    {
        var defaults = new RunConfig();
        return YamlConfig.Canonical(config with { Device = defaults.Device, Gpu = defaults.Gpu });
    }

    /// <summary>The short hash a run folder of this config is named by.</summary>
    public static string ShortId(RunConfig config) => YamlConfig.ShortHash(Of(config));
}
