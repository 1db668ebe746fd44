// `babylm collect <sweep-dir>`: build or update the sweep's run table (runs.db) from its run directories.
using System.CommandLine;
using BabyLm.Analysis;

namespace BabyLm.Cli.Commands;

internal static class CollectCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep-dir") { Description = "A sweep directory (runs/<sweep>) holding run directories." };
        var command = new Command("collect", "Build or update a sweep's run table, <sweep-dir>/runs.db (SQLite), from its run directories.\n\n"
            + "The run directories stay the source of truth. Idempotent: unchanged runs are not re-read, deleted run directories lose their "
            + "rows; finished, running, failed and pending runs are all kept with their status. query and report collect first by themselves.\n\n"
            + "Examples:\n  babylm collect runs/demo\n  babylm query runs/demo \"SELECT status, COUNT(*) FROM runs GROUP BY status\"")
        {
            sweep,
        };
        command.SetAction(parse =>
        {
            var result = Collector.Collect(parse.GetValue(sweep)!);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine(result.Summary());
            foreach (var p in result.Problems) o.WriteLine($"warning: {p}");
            return 0;
        });
        return command;
    }
}
