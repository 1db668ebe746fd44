// A sweep written by hand, file by file, with values chosen so that the expected frames, differences
// and means can be worked out from the constants below rather than from the code under test:
// curriculum.order ∈ {random, corpus} × model.layers ∈ {2, 4} × seed ∈ {1, 2}, all finished, each
// evaluated at steps 100 and 200 on two paradigms (p_agr: agreement/morphology, p_isl: islands/syntax,
// 20 pairs each, no ties); plus a failed run (metrics, no probes) and a finished run without probes.
// Keys of every type: integers (seed, model.layers), a real (optimizer.lr), a key that is an integer
// in some runs and a real in others (curriculum.start), a boolean (checkpoint.milestones), text; the
// last two vary only together with curriculum.order.
using System.Globalization;
using System.Text;
using BabyLm.Experiments.Runs;

namespace BabyLm.Analysis.Tests;

public sealed class HandSweep
{
    public const int Pairs = 20;
    public static readonly string[] Orders = ["random", "corpus"];
    public static readonly int[] Layers = [2, 4];
    public static readonly int[] Seeds = [1, 2];

    /// <summary>Correct pairs (of 20) at the final evaluation (step 200) on p_agr and p_isl; step 100 has 4 fewer on each.</summary>
    public static (int Agr, int Isl) Correct(string order, int layers, int seed)
        => (12 + (order == "corpus" ? 3 : 0) + (layers == 4 ? 2 : 0) + seed, 11 + (order == "corpus" ? 1 : 0) + (layers == 4 ? 1 : 0) + 2 * seed);

    /// <summary>The final suite accuracy (unweighted mean over the two paradigms), as a fraction.</summary>
    public static double FinalAccuracy(string order, int layers, int seed)
    {
        var (a, i) = Correct(order, layers, seed);
        return ((double)a / Pairs + (double)i / Pairs) / 2;
    }

    public string Dir { get; }
    /// <summary>Run id of each finished, evaluated run by (order, layers, seed).</summary>
    public Dictionary<(string Order, int Layers, int Seed), string> Done { get; } = [];
    public string FailedRun { get; } = "failed0001";
    public string NoProbesRun { get; } = "noprobes01";

    public HandSweep(string dir)
    {
        Dir = dir;
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "sweep.yaml"), "name: hand\n");
        int n = 0;
        foreach (var order in Orders)
            foreach (var layers in Layers)
                foreach (var seed in Seeds)
                {
                    string id = $"run{++n:D7}";
                    Done[(order, layers, seed)] = id;
                    var (agr, isl) = Correct(order, layers, seed);
                    WriteRun(id, order, layers, seed, "done", error: null, done: true, metricsSteps: [50, 100, 150, 200],
                        probes: [(100, agr - 4, isl - 4), (200, agr, isl)]);
                }
        WriteRun(FailedRun, "corpus", 2, 3, "failed", error: "out of memory at step 60", done: false, metricsSteps: [50], probes: []);
        WriteRun(NoProbesRun, "random", 4, 3, "done", error: null, done: true, metricsSteps: [50, 100, 150, 200], probes: []);
    }

    private void WriteRun(string id, string order, int layers, int seed, string status, string? error, bool done, long[] metricsSteps,
        (long Step, int Agr, int Isl)[] probes)
    {
        var dir = Path.Combine(Dir, id);
        Directory.CreateDirectory(dir);
        // curriculum.start: an integer for random, a real for corpus (one column, typed double); it and
        // checkpoint.milestones vary only with the order (companions of curriculum.order).
        File.WriteAllText(Path.Combine(dir, RunFiles.Config), $"""
            name: hand
            seed: {seed}
            model:
              arch: gpt
              layers: {layers}
            optimizer:
              lr: 0.001
            curriculum:
              order: {order}
              start: {(order == "random" ? "0" : "0.25")}
            checkpoint:
              milestones: {(order == "random" ? "true" : "false")}
            """ + "\n");
        new RunInfo
        {
            Id = id, Sweep = "hand", ConfigHash = "hash-" + id, Status = status, Error = error, GitCommit = "abc123", DotnetVersion = "10.0.0",
            Cpu = "Hand CPU", Isa = "avx2", Threads = 1, Host = "hand-host",
            StartedAt = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero).AddMinutes(seed + 10 * layers),
            EndedAt = new DateTimeOffset(2025, 6, 1, 9, 30, 15, TimeSpan.Zero).AddMinutes(seed + 10 * layers),
            Step = metricsSteps.Last(), TotalSteps = 200, WordsSeen = metricsSteps.Last() * 1000, Loss = 3.5, Attempts = 1,
        }.Write(dir);

        var metrics = new StringBuilder();
        foreach (var s in metricsSteps)
            metrics.Append(Inv($"{{\"step\": {s}, \"words_seen\": {s * 1000}, \"tokens_seen\": {s * 1300}, \"loss\": {Loss(s, seed)}, ")
                + (s % 100 == 0 ? Inv($"\"dev_loss\": {Loss(s, seed) + 0.25}, ") : "") + "\"lr\": 0.001, \"grad_norm\": 0.5}\n");
        File.WriteAllText(Path.Combine(dir, RunFiles.Metrics), metrics.ToString());

        if (probes.Length > 0)
        {
            var sb = new StringBuilder();
            foreach (var (step, agr, isl) in probes)
                foreach (var (paradigm, phenomenon, field, correct) in new[] { ("p_agr", "agreement", "morphology", agr), ("p_isl", "islands", "syntax", isl) })
                    sb.Append(Inv($"{{\"step\": {step}, \"words_seen\": {step * 1000}, \"suite\": \"builtin\", \"suite_version\": \"v1\", \"paradigm\": \"{paradigm}\", ")
                        + Inv($"\"phenomenon\": \"{phenomenon}\", \"field\": \"{field}\", \"pairs\": {Pairs}, \"correct\": {correct}, \"ties\": 0, ")
                        + Inv($"\"accuracy\": {(double)correct / Pairs}, \"scorer\": \"clm-sum\", \"tie_mode\": \"half\", \"full\": {(step == 200 ? "true" : "false")}}}\n"));
            File.WriteAllText(Path.Combine(dir, RunFiles.Probes), sb.ToString());
        }
        if (done) File.WriteAllText(Path.Combine(dir, RunFiles.Done), "");
    }

    /// <summary>A loss a test can recompute: 4 − step/100 − seed/10.</summary>
    public static double Loss(long step, int seed) => 4 - step / 100.0 - seed / 10.0;

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
