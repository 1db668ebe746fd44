// A sweep directory (runs/<sweep>/): its run directories, its sweep-level files, and the checks that
// turn a wrong path into an error naming what is there instead. Run directories are the source of
// truth; runs.db, report/ and anything else in the folder are derived from them.
using BabyLm.Experiments.Runs;

namespace BabyLm.Analysis;

public sealed class SweepDirectory
{
    /// <summary>The sweep spec, written by `babylm sweep`.</summary>
    public const string Spec = "sweep.yaml";
    /// <summary>n-gram baseline scores: ProbeLines with <see cref="ProbeLine.Baseline"/> set (`babylm baselines --out`).</summary>
    public const string Baselines = RunFiles.Baselines;
    /// <summary>The run table, rebuilt from the run directories by `collect`.</summary>
    public const string Database = "runs.db";
    /// <summary>Default output folder of `report`.</summary>
    public const string ReportDir = "report";

    private SweepDirectory(string root, IReadOnlyList<string> runDirs)
    {
        Root = root;
        RunDirs = runDirs;
    }

    public string Root { get; }
    public string Name => Path.GetFileName(Root);
    /// <summary>Run directories (full paths), ordered by run id.</summary>
    public IReadOnlyList<string> RunDirs { get; }
    public string DatabasePath => Path.Combine(Root, Database);
    public string BaselinesPath => Path.Combine(Root, Baselines);
    public string SpecPath => Path.Combine(Root, Spec);

    /// <summary>Opens a sweep directory; anything else is a <see cref="BabyLmException"/> that says what the path is and where sweeps are.</summary>
    public static SweepDirectory Open(string path)
    {
        var root = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(root))
            throw new BabyLmException($"sweep directory '{path}' is a file; a folder was expected", "give the sweep's folder, runs/<sweep name>");
        if (!Directory.Exists(root))
            throw new BabyLmException($"sweep directory '{path}' does not exist", HintSweepsNear(Path.GetDirectoryName(root)));
        if (IsRunDir(root))
            throw new BabyLmException($"'{path}' is a run directory, not a sweep directory",
                $"its sweep is '{Path.GetDirectoryName(root)}'; pass that instead");
        var runs = FindRunDirs(root);
        if (runs.Count == 0 && !File.Exists(Path.Combine(root, Spec)))
            throw new BabyLmException($"'{path}' is not a sweep directory: it has no {Spec} and no run directories (<run-id>/{RunFiles.Info} or {RunFiles.Config})",
                HintSweepsNear(root));
        return new SweepDirectory(root, runs);
    }

    /// <summary>A folder that holds run.json or config.yaml is a run directory.</summary>
    public static bool IsRunDir(string dir)
        => File.Exists(Path.Combine(dir, RunFiles.Info)) || File.Exists(Path.Combine(dir, RunFiles.Config));

    private static List<string> FindRunDirs(string root)
        => Directory.EnumerateDirectories(root)
            .Where(d => !Path.GetFileName(d).Contains(".tmp-", StringComparison.Ordinal) && IsRunDir(d))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .ToList();

    /// <summary>Sweep directories at most two levels below <paramref name="dir"/>, for hints.</summary>
    public static IReadOnlyList<string> FindSweeps(string dir, int depth = 2)
    {
        var found = new List<string>();
        if (!Directory.Exists(dir)) return found;
        foreach (var sub in Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal))
        {
            if (IsRunDir(sub)) continue;
            if (File.Exists(Path.Combine(sub, Spec)) || FindRunDirs(sub).Count > 0) found.Add(sub);
            else if (depth > 1) found.AddRange(FindSweeps(sub, depth - 1));
            if (found.Count >= 20) break;
        }
        return found;
    }

    private static string HintSweepsNear(string? dir)
    {
        if (dir is null) return "pass a folder runs/<sweep> written by `babylm sweep`";
        var sweeps = FindSweeps(dir);
        if (sweeps.Count == 0 && Path.GetDirectoryName(dir) is { } parent) sweeps = FindSweeps(parent, 1);
        return sweeps.Count > 0
            ? $"sweep directories found: {string.Join(", ", sweeps.Select(s => Path.GetRelativePath(Directory.GetCurrentDirectory(), s)))}"
            : "no sweep directories nearby; a sweep directory is what `babylm sweep <spec>` writes (runs/<sweep>/<run-id>/...)";
    }
}
