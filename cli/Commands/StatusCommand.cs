// `babylm status <sweep-dir>`: every run of a sweep with its state, merged from the run folders and,
// for runs submitted to Slurm, from squeue/scontrol; failed runs with their error and the tail of their log.
using System.CommandLine;
using System.Text.Json;
using BabyLm.Core;
using BabyLm.Experiments.Sweeps;

namespace BabyLm.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("sweep-dir") { Description = "The sweep's folder: runs/<sweep name>." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var tail = new Option<int>("--tail") { Description = "Log lines shown per failed run.", DefaultValueFactory = _ => 12 };
        var command = new Command("status", "Show the runs of a sweep: state, step, loss; failed runs with their error and log.\n\n"
            + "Examples:\n  babylm status runs/width-lr\n  babylm status runs/width-lr --json")
        {
            dir, json, tail,
        };
        command.SetAction(parse =>
        {
            var report = SweepStatus.Collect(SweepStore.Open(parse.GetValue(dir)!), tailLines: parse.GetValue(tail));
            if (parse.GetValue(json)) parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(report, Json.Pretty));
            else Print(parse, report);
            return CliApp.ExitOk;
        });
        return command;
    }

    internal static void Print(ParseResult parse, SweepReport report, bool table = true)
    {
        var output = parse.InvocationConfiguration.Output;      // plain lines: errors and logs are not wrapped
        if (table) Ui.Console(parse).Write(SweepTable.Build($"sweep {report.Sweep}: {report.Summary}", report.Runs.Select(r => r.ToRow()).ToList()));
        else output.WriteLine($"sweep {report.Sweep}: {report.Summary}");
        foreach (var note in report.Notes) output.WriteLine($"note: {note}");
        foreach (var run in report.Runs.Where(r => r.State is "failed" or "interrupted" && r.Error is not null))
        {
            var slurm = run.SlurmTask is { } t ? $" (slurm {t}{(run.SlurmState is { } s ? $" {s}" : "")}{(run.SlurmExitCode is { } c ? $", exit {c}" : "")})" : "";
            output.WriteLine($"{run.State} {run.Id} [{run.Label}]{slurm}: {run.Error}");
            if (run.LogTail.Count == 0) continue;
            output.WriteLine($"  last lines of {run.Log ?? "the log"}:");
            foreach (var line in run.LogTail) output.WriteLine($"  | {line}");
        }
    }
}
