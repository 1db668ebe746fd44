// `babylm report <sweep-dir> --by <key> [--baseline V] [--suite S] [--out DIR] [--where key=value]`:
// report.md, LaTeX/CSV tables and SVG plots comparing the conditions of a sweep over seeds.
using System.CommandLine;
using BabyLm.Analysis;

namespace BabyLm.Cli.Commands;

internal static class ReportCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep-dir") { Description = "A sweep directory (runs/<sweep>)." };
        var by = new Option<string>("--by")
        {
            Description = "Config key whose values are the conditions, e.g. curriculum.order; several keys comma-separated make combined conditions (\"v1 / v2\").",
            Required = true,
        };
        var baseline = new Option<string?>("--baseline") { Description = "The condition the others are compared with (default: the first value in sorted order)." };
        var suite = new Option<string?>("--suite") { Description = "Probe suite to report (default: the one most runs were evaluated on)." };
        var output = new Option<string?>("--out")
        {
            Description = "Output folder (default: <sweep-dir>/report). Only the files a report writes are replaced (each whole); other files there are kept.",
        };
        var force = new Option<bool>("--force") { Description = "Write into a folder that holds other files but no report (they are kept)." };
        var where = new Option<string[]>("--where")
        {
            Description = "Keep only runs with this config value (key=value; repeatable), e.g. --where model.layers=4.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("report", "Compare the conditions of a sweep over seeds: report.md, LaTeX/CSV tables and SVG plots.\n\n"
            + "report.md: suite accuracy mean ± 95% t-interval over seeds per condition; paired differences against the baseline "
            + "(paired by seed) with paired t-tests, exact sign-flip tests and Holm correction; per-phenomenon, per-field and per-paradigm "
            + "tables; the n-gram baselines (baselines.jsonl); provenance. tables/*.tex (booktabs) and *.csv; plots/*.svg: learning curves, "
            + "phenomena with CIs, paradigm × condition heatmap, paired differences. Only finished runs count; the others are listed.\n\n"
            + "Examples:\n  babylm report runs/demo --by curriculum.order --baseline random\n"
            + "  babylm report runs/grid --by curriculum.pacing --where model.layers=4 --suite blimp --out paper/figures\n"
            + "  babylm report runs/grid --by curriculum.scorer,curriculum.pacing --baseline \"none / none\"")
        {
            sweep, by, baseline, suite, output, where, force,
        };
        command.SetAction(parse =>
        {
            var result = Reporter.Write(new ReportRequest
            {
                SweepDir = parse.GetValue(sweep)!, By = parse.GetValue(by)!, Baseline = parse.GetValue(baseline), Suite = parse.GetValue(suite),
                Out = parse.GetValue(output), Where = parse.GetValue(where) ?? [], Force = parse.GetValue(force),
            });
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine(result.Collected.Summary());
            o.WriteLine();
            o.Write(result.MainTable());
            foreach (var w in result.Analysis.Warnings) o.WriteLine($"note: {w}");
            o.WriteLine();
            o.WriteLine($"wrote {Path.Combine(result.OutDir, ReportFiles.Markdown)} and {result.Files.Count - 1} tables and plots in {result.OutDir}");
            return 0;
        });
        return command;
    }
}
