// Calling Slurm's client tools (sbatch, squeue, scontrol): found on PATH up front (a missing tool is a
// clear error naming it, never a hang), run with a time limit (a controller that does not answer is an
// error that says what to check), output captured. Also the parsing of their answers.
using System.Diagnostics;
using System.Globalization;

namespace BabyLm.Experiments.Sweeps;

public sealed record SlurmResult(int ExitCode, string Stdout, string Stderr);

/// <summary>One array task as Slurm reports it.</summary>
public sealed record SlurmTask(string JobId, int TaskIndex, string State, string Reason = "", string ExitCode = "")
{
    public string Name => $"{JobId}_{TaskIndex.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Queued, running or on its way out: Slurm still owns it.</summary>
    public bool Active => State is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "SUSPENDED" or "REQUEUED"
        or "REQUEUE_HOLD" or "REQUEUE_FED" or "RESIZING" or "SIGNALING" or "STAGE_OUT" or "STOPPED" or "SPECIAL_EXIT" or "RESV_DEL_HOLD";
}

public static class SlurmCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The full path of <paramref name="tool"/> on PATH (or <paramref name="searchPath"/>), or a clear error.</summary>
    public static string Find(string tool, string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        throw new BabyLmException($"the Slurm executor needs `{tool}`, and it is not on PATH",
            "run this on a Slurm login node (or load the slurm module), or use --executor local");
    }

    public static bool Available(string tool, string? searchPath = null)
    {
        try
        {
            Find(tool, searchPath);
            return true;
        }
        catch (BabyLmException)
        {
            return false;
        }
    }

    /// <summary>Runs a Slurm tool and waits at most <paramref name="timeout"/> for it.</summary>
    public static SlurmResult Run(string tool, IEnumerable<string> args, string? searchPath = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(Find(tool, searchPath))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new BabyLmException($"could not start {tool}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new BabyLmException($"`{tool} {string.Join(' ', psi.ArgumentList)}` did not answer within {limit.TotalSeconds:0} s",
                "is the Slurm controller up? `scontrol ping` and `sinfo -R` say");
        }
        process.WaitForExit();
        return new SlurmResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The job id from `sbatch --parsable` ("123" or "123;cluster").</summary>
    public static string ParseJobId(string parsable)
    {
        var id = parsable.Trim().Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new BabyLmException($"sbatch did not answer with a job id: '{parsable.Trim()}'");
        return id;
    }

    /// <summary>
    /// The tasks of array job <paramref name="jobId"/> Slurm still knows (`squeue -r -t all`: queued, running,
    /// and finished ones until Slurm forgets them after MinJobAge); empty when it knows none.
    /// </summary>
    public static List<SlurmTask> Tasks(string jobId, string? searchPath = null)
    {
        var r = Run("squeue", ["-h", "-r", "-t", "all", "-j", jobId, "-o", "%i|%T|%r"], searchPath);
        if (r.ExitCode != 0)
        {
            if (r.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return [];
            throw new BabyLmException($"squeue failed for job {jobId}: {r.Stderr.Trim()}", "is the Slurm controller up? `scontrol ping` says");
        }
        return ParseSqueue(r.Stdout);
    }

    /// <summary>Lines "123_4|STATE|reason" (one per array task, as `squeue -r` prints them).</summary>
    public static List<SlurmTask> ParseSqueue(string output)
    {
        var tasks = new List<SlurmTask>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split('|');
            if (f.Length < 2) continue;
            var id = f[0].Split('_');
            if (id.Length != 2 || !int.TryParse(id[1], NumberStyles.None, CultureInfo.InvariantCulture, out int task)) continue;
            tasks.Add(new SlurmTask(id[0], task, f[1], f.Length > 2 ? f[2] : ""));
        }
        return tasks;
    }

    /// <summary>Exit code ("2:0") and reason of one finished task, from `scontrol show job -o`; null when Slurm has forgotten it.</summary>
    public static (string ExitCode, string Reason)? Details(string taskName, string? searchPath = null)
    {
        var r = Run("scontrol", ["show", "job", "-o", taskName], searchPath);
        if (r.ExitCode != 0) return null;
        var fields = ParseScontrol(r.Stdout.Split('\n').FirstOrDefault() ?? "");
        return (fields.GetValueOrDefault("ExitCode", ""), fields.GetValueOrDefault("Reason", ""));
    }

    /// <summary>`scontrol show job -o` prints one "Key=Value Key=Value …" line per job.</summary>
    public static Dictionary<string, string> ParseScontrol(string line)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) fields[token[..eq]] = token[(eq + 1)..];
        }
        return fields;
    }
}
