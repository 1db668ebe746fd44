// Defect 5 of issue 21: `report --out DIR` replaced the whole folder, so a user's my-figure.svg and
// tables/my-notes.txt vanished on the next report. Now only the files a report wrote are replaced or
// removed; a folder holding other files and no report is refused unless --force.
using BabyLm.Analysis;
using BabyLm.Analysis.Fixtures;

namespace BabyLm.Cli.Tests.Hostile;

[Trait("Suite", Hostile.Suite)]
public sealed class ReportFolderTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _sweep;

    public ReportFolderTests()
    {
        _sweep = _dir["sweep"];
        SyntheticSweep.Write(_sweep, new SyntheticSweepOptions { Paradigms = 3, Evaluations = 2 });
    }

    public void Dispose() => _dir.Dispose();

    private CliResult Report(string output, params string[] extra)
        => CliRunner.Run(["report", _sweep, "--by", "curriculum.order", "--baseline", "random", "--out", output, .. extra]);

    [Fact]
    public void A_second_report_keeps_the_users_files()
    {
        var output = _dir["paper"];
        Assert.Equal(0, Report(output).ExitCode);
        var figure = _dir.Write("paper/my-figure.svg", "<svg/>");
        var notes = _dir.Write("paper/tables/my-notes.txt", "check the seed 3 outlier\n");
        var r = Report(output);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("<svg/>", File.ReadAllText(figure));
        Assert.Equal("check the seed 3 outlier\n", File.ReadAllText(notes));
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
    }

    [Fact]
    public void A_file_an_earlier_report_wrote_and_this_one_does_not_is_removed()
    {
        var output = _dir["report"];
        Assert.Equal(0, Report(output).ExitCode);
        var written = ReportFolder.ReadList(output);
        Assert.Contains("report.md", written);
        Assert.All(written, f => Assert.True(File.Exists(Path.Combine(output, f)), f));
        // As if an earlier report had also drawn plots/old-plot.svg.
        _dir.Write("report/plots/old-plot.svg", "<svg>old</svg>");
        File.WriteAllText(Path.Combine(output, ReportFolder.ListFile),
            System.Text.Json.JsonSerializer.Serialize(new { format = "babylm-report-files", files = written.Append("plots/old-plot.svg") }));
        Assert.Equal(0, Report(output).ExitCode);
        Assert.False(File.Exists(_dir["report/plots/old-plot.svg"]));
        Assert.Equal(written, ReportFolder.ReadList(output));
    }

    [Fact]
    public void A_folder_of_other_files_is_refused_without_force_and_kept_with_it()
    {
        var output = _dir["mine"];
        var file = _dir.Write("mine/thesis.tex", "\\documentclass{article}\n");
        var before = Hostile.Snapshot(output);
        Hostile.AssertUserError(Report(output), "is not a report folder", "--force");
        Assert.Equal(before, Hostile.Snapshot(output));
        Assert.Equal(0, Report(output, "--force").ExitCode);
        Assert.Equal("\\documentclass{article}\n", File.ReadAllText(file));
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
    }

    [Fact]
    public void A_list_naming_paths_outside_the_folder_deletes_nothing_there()
    {
        var output = _dir["report"];
        Assert.Equal(0, Report(output).ExitCode);
        var victim = _dir.Write("victim.txt", "keep me");
        File.WriteAllText(Path.Combine(output, ReportFolder.ListFile),
            System.Text.Json.JsonSerializer.Serialize(new { format = "babylm-report-files", files = new[] { "../victim.txt", victim } }));
        Assert.Equal(0, Report(output).ExitCode);
        Assert.Equal("keep me", File.ReadAllText(victim));
    }
}
