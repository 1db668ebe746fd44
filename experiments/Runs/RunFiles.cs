// The files of a run directory (runs/<sweep>/<run-id>/), as records: the contract between the trainer
// and evaluation that write them and the sweeps, collect and report that read them.
//   config.yaml    the fully resolved run config (canonical YAML; its hash is the run id)
//   run.json       provenance and status (RunInfo), rewritten atomically on every change
//   metrics.jsonl  one MetricsLine per log step (append-only; a line is written whole or not at all)
//   probes.jsonl   one ProbeLine per (evaluation, suite, paradigm)
//   checkpoints/   step-NNNNNNN.ckpt files; DONE marks a finished, immutable run
//   .lock          held while a process trains the run (.lock.owner names it); RunFolder has the rules
using System.Text.Json;
using System.Text.Json.Serialization;
using BabyLm.Core;

namespace BabyLm.Experiments.Runs;

public static class RunFiles
{
    public const string Config = "config.yaml";
    public const string Info = "run.json";
    public const string Metrics = "metrics.jsonl";
    public const string Probes = "probes.jsonl";
    public const string Checkpoints = "checkpoints";
    public const string Done = "DONE";
    public const string Log = "run.log";
    /// <summary>Held (an exclusive open) by the process that trains the run; see <see cref="RunFolder"/>.</summary>
    public const string Lock = ".lock";
    /// <summary>In a sweep folder: n-gram baseline results on the sweep's probe suites (ProbeLine with Baseline set).</summary>
    public const string Baselines = "baselines.jsonl";

    /// <summary>Run statuses in run.json.</summary>
    public static class Status
    {
        public const string Pending = "pending";
        public const string Running = "running";
        public const string Done = "done";
        public const string Failed = "failed";
        public const string Interrupted = "interrupted";
        public static readonly IReadOnlyList<string> All = [Pending, Running, Done, Failed, Interrupted];
    }

    /// <summary>Appends one JSON line (serialised first, written with a single call, flushed).</summary>
    public static void AppendLine<T>(string path, T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Json.Line);
        using var fs = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var line = new byte[bytes.Length + 1];
        bytes.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        fs.Write(line);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>Reads a JSONL file; a torn last line (no newline: a killed writer) is ignored, any other bad line is an error.</summary>
    public static List<T> ReadLines<T>(string path)
    {
        var result = new List<T>();
        if (!File.Exists(path)) return result;
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            bool last = i == lines.Length - 1; // no trailing newline after it
            try
            {
                result.Add(JsonSerializer.Deserialize<T>(line, Json.Line)!);
            }
            catch (JsonException) when (last)
            {
                // A writer killed mid-line: the line was never complete.
            }
            catch (JsonException ex)
            {
                throw new BabyLmException($"{path}:{i + 1}: not a valid record: {ex.Message}");
            }
        }
        return result;
    }
}

/// <summary>One metrics.jsonl line.</summary>
public sealed record MetricsLine
{
    public required long Step { get; init; }
    /// <summary>Words seen so far (the BabyLM exposure count): a word counts once its last token has been fed, repeats included.</summary>
    public required long WordsSeen { get; init; }
    public required long TokensSeen { get; init; }
    /// <summary>Mean training loss over the steps since the previous line.</summary>
    public required double Loss { get; init; }
    /// <summary>Dev loss, on the lines where it was evaluated.</summary>
    public double? DevLoss { get; init; }
    public required double Lr { get; init; }
    public required double GradNorm { get; init; }
    public int Epoch { get; init; }
    /// <summary>Timing fields: excluded when comparing runs for determinism.</summary>
    public double TokensPerS { get; init; }
    public double ElapsedS { get; init; }
}

/// <summary>One probes.jsonl line: one paradigm of one suite at one evaluation.</summary>
public sealed record ProbeLine
{
    public required long Step { get; init; }
    public required long WordsSeen { get; init; }
    public required string Suite { get; init; }
    /// <summary>Suite version or content hash.</summary>
    public required string SuiteVersion { get; init; }
    public required string Paradigm { get; init; }
    public required string Phenomenon { get; init; }
    /// <summary>BLiMP field (syntax, morphology, semantics, syntax_semantics), when known.</summary>
    public string? Field { get; init; }
    public required int Pairs { get; init; }
    /// <summary>Pairs (items) whose first candidate — the good sentence, the right completion — scored above every other.</summary>
    public required int Correct { get; init; }
    /// <summary>Items whose first candidate tied for the top score.</summary>
    public required int Ties { get; init; }
    /// <summary>
    /// The UID's score under <see cref="Metric"/>: accuracy = (correct + tie credit) / pairs, a tie worth
    /// 1/(candidates tied) (half: ½ for a pair) or 1 (babylm); for metric spearman, Spearman's ρ.
    /// </summary>
    public required double Accuracy { get; init; }
    /// <summary>Scorer settings, e.g. "clm-sum", "mlm-pll-sum", "mlm-pll-l2r-mean".</summary>
    public required string Scorer { get; init; }
    /// <summary>half or babylm.</summary>
    public required string TieMode { get; init; }
    /// <summary>The end-of-training evaluation (eval.final_probe_pairs per paradigm, all by default), as opposed to one during training.</summary>
    public bool Full { get; init; } = true;
    /// <summary>In baselines.jsonl: the reference model (unigram, bigram); null for a trained model's result.</summary>
    public string? Baseline { get; init; }
    /// <summary>What Accuracy holds: null for accuracy, "spearman" for ρ against human ratios (the WUG tasks).</summary>
    public string? Metric { get; init; }
    /// <summary>The UID's share of the suite score when the shares are not equal (entity tracking: 1 / (files × UIDs of its file)); null: equal.</summary>
    public double? Weight { get; init; }
    /// <summary>The accuracy of guessing (the mean over items of 1 / candidates) when it is not ½ (more than two candidates); null: ½, or 0 for spearman.</summary>
    public double? Chance { get; init; }
}

/// <summary>One key changed when a run was resumed: at which attempt, when, from what checkpoint, old and new value.</summary>
public sealed record ConfigChangeRecord
{
    public required int Attempt { get; init; }
    public required DateTimeOffset At { get; init; }
    /// <summary>The newest checkpoint file when the run resumed (the one it continued from, unless unreadable), or null.</summary>
    public string? Checkpoint { get; init; }
    public required string Key { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
}

/// <summary>run.json: who ran what, where, and how it ended.</summary>
public sealed record RunInfo
{
    public required string Id { get; init; }
    public string Sweep { get; init; } = "";
    public required string ConfigHash { get; init; }
    public required string Status { get; init; }
    public string? Error { get; init; }
    public string? GitCommit { get; init; }
    public string? DotnetVersion { get; init; }
    public string? Cpu { get; init; }
    public string? Isa { get; init; }
    public int Threads { get; init; }
    /// <summary>Where the last attempt computed: cpu or cuda.</summary>
    public string? Device { get; init; }
    /// <summary>cuda: the GPU ("0: NVIDIA H100 80GB HBM3, compute 9.0, driver CUDA 12.8").</summary>
    public string? Gpu { get; init; }
    /// <summary>cuda: the precision of the matrix products (fp32, tf32, bf16).</summary>
    public string? Precision { get; init; }
    /// <summary>cuda: which matrix product ran (cuBLAS with its version and file, or babylm's own GEMM).</summary>
    public string? Gemm { get; init; }
    /// <summary>cuda: the most device memory the run held at once.</summary>
    public long? GpuPeakBytes { get; init; }
    public string? Host { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public long Step { get; init; }
    public long TotalSteps { get; init; }
    public long WordsSeen { get; init; }
    public double? Loss { get; init; }
    /// <summary>How many times the run was started (1 + resumes).</summary>
    public int Attempts { get; init; }
    /// <summary>Slurm job id (array job and task) when run under Slurm.</summary>
    public string? SlurmJob { get; init; }
    /// <summary>Config keys changed on a resume (`train --allow-config-change`), oldest first; null when never.</summary>
    public List<ConfigChangeRecord>? ConfigChanges { get; init; }

    public static RunInfo? TryRead(string runDir)
    {
        var path = Path.Combine(runDir, RunFiles.Info);
        return File.Exists(path) ? Json.ReadFile<RunInfo>(path, "run.json") : null;
    }

    public void Write(string runDir) => Json.WriteFile(Path.Combine(runDir, RunFiles.Info), this);
}
