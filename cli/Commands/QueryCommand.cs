// `babylm query <sweep-dir> "<SQL>" [--csv|--json]`: run SQL on the sweep's run table (read-only).
using System.CommandLine;
using BabyLm.Analysis;

namespace BabyLm.Cli.Commands;

internal static class QueryCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep-dir") { Description = "A sweep directory (runs/<sweep>); runs.db is brought up to date first." };
        var sql = new Argument<string>("sql") { Description = "One SQL statement (SQLite dialect); quote dotted config columns: \"model.layers\"." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV (full precision) instead of a table." };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of objects instead of a table." };
        var command = new Command("query", "Query a sweep's run table (runs.db) with SQL, read-only; print a table, CSV or JSON.\n\n"
            + "Tables: runs (one row per run, a column per config key), config, "
            + "metrics, probes, baselines; views: suite_scores, phenomenon_scores, field_scores, last_eval, last_probes, last_suite_scores, "
            + "last_phenomenon_scores, last_field_scores, last_metrics, dev_losses, baseline_suite_scores. Accuracies are fractions; a suite whose metric is spearman (the WUG tasks) holds ρ.\n\n"
            + "Examples:\n"
            + "  babylm query runs/demo \"SELECT \\\"curriculum.order\\\" AS curriculum, seed, accuracy FROM last_suite_scores JOIN runs USING (run_id)\"\n"
            + "  babylm query runs/demo \"SELECT run_id, status, error FROM runs WHERE status != 'done'\" --csv\n"
            + "  babylm query runs/demo \"SELECT * FROM dev_losses\" --json > dev.json")
        {
            sweep, sql, csv, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(csv) && r.GetValue(json)) r.AddError("--csv and --json exclude each other: pick one");
        });
        command.SetAction(parse =>
        {
            using var db = RunDatabase.Open(parse.GetValue(sweep)!);
            var result = db.Query(parse.GetValue(sql)!);
            var o = parse.InvocationConfiguration.Output;
            o.Write(parse.GetValue(csv) ? result.ToCsv() : parse.GetValue(json) ? result.ToJson() : result.ToText());
            return 0;
        });
        return command;
    }
}
