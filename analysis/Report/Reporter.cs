// `babylm report`: collect, analyse, and write report.md, tables/ and plots/ into the output folder.
// Each file is written whole (built beside the folder, then renamed in), and only the files a report
// writes are ever replaced or removed (ReportFolder): other files in the folder are kept.
using BabyLm.Core;
using BabyLm.Experiments.Runs;

namespace BabyLm.Analysis;

public sealed record ReportRequest
{
    public required string SweepDir { get; init; }
    /// <summary>Config key whose values are the conditions (e.g. curriculum.order).</summary>
    public required string By { get; init; }
    public string? Baseline { get; init; }
    public string? Suite { get; init; }
    /// <summary>Output folder; default &lt;sweep&gt;/report.</summary>
    public string? Out { get; init; }
    /// <summary>Filters "key=value" on config keys.</summary>
    public IReadOnlyList<string> Where { get; init; } = [];
    /// <summary>Write into a folder that holds other files and no report (they are kept).</summary>
    public bool Force { get; init; }
}

public sealed record ReportResult
{
    public required string OutDir { get; init; }
    /// <summary>Relative paths of the files written.</summary>
    public required IReadOnlyList<string> Files { get; init; }
    public required CollectResult Collected { get; init; }
    public required SweepAnalysis Analysis { get; init; }

    /// <summary>The headline: the main table as Markdown.</summary>
    public string MainTable()
    {
        var md = File.ReadAllText(Path.Combine(OutDir, ReportFiles.Markdown));
        int heading = md.IndexOf("\n## Suite ", StringComparison.Ordinal) + 1;
        int start = md.IndexOf("\n\n", heading, StringComparison.Ordinal) + 2;
        int end = md.IndexOf("\n\n", start, StringComparison.Ordinal);
        return md[start..(end + 1)];
    }
}

public static class Reporter
{
    public static ReportResult Write(ReportRequest request)
    {
        if (request.Out is { } given) ReportFolder.Check(given, request.Force);          // before any work
        using var db = RunDatabase.Open(request.SweepDir);
        var analysis = SweepAnalysis.Compute(db, new AnalysisOptions
        {
            By = request.By, Baseline = request.Baseline, Suite = request.Suite, Where = request.Where,
        });
        var files = ReportFiles.Build(analysis, Provenance.ToolCommit);
        var outDir = Path.GetFullPath(request.Out ?? Path.Combine(db.Sweep.Root, SweepDirectory.ReportDir));
        ReportFolder.Write(outDir, files, request.Force);
        return new ReportResult { OutDir = outDir, Files = files.Keys.ToList(), Collected = db.Collected!, Analysis = analysis };
    }
}
