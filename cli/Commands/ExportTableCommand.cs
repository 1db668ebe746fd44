// `babylm export-table <sweep-dir> [--format parquet|csv] [--out DIR]`: every table and view of the
// run table as one typed file each, for pandas, R and DuckDB.
using System.CommandLine;
using BabyLm.Analysis;

namespace BabyLm.Cli.Commands;

internal static class ExportTableCommand
{
    public static Command Create()
    {
        var sweep = new Argument<string>("sweep-dir") { Description = "A sweep directory (runs/<sweep>); runs.db is brought up to date first." };
        var format = new Option<string>("--format")
        {
            Description = "parquet (typed columns: int64, double, string, bool, UTC timestamps) or csv (RFC 4180, full precision, NULL empty).",
            DefaultValueFactory = _ => "parquet",
        };
        var output = new Option<string?>("--out") { Description = "Output folder (default: <sweep-dir>/export/<format>); replaced atomically, never a folder holding other files." };
        var command = new Command("export-table", "Write a sweep's run table as files other tools read: one file per table and view, plus tables.json.\n\n"
            + "Tables: runs (a column per config key, named as in the YAML: \"model.layers\"), config, metrics, probes, baselines; views: "
            + string.Join(", ", Schema.Catalogue.Where(c => c.What.StartsWith("view", StringComparison.Ordinal)).Select(c => c.Name))
            + ". Accuracies are fractions. tables.json lists each file's rows, columns and types.\n\n"
            + "Examples:\n  babylm export-table runs/demo\n  babylm export-table runs/demo --format csv --out paper/data\n\n"
            + "Then, in Python: pandas.read_parquet(\"runs/demo/export/parquet/last_suite_scores.parquet\")\n"
            + "in R: arrow::read_parquet(\"runs/demo/export/parquet/runs.parquet\")")
        {
            sweep, format, output,
        };
        command.SetAction(parse =>
        {
            var result = TableExport.Write(new ExportTableRequest
            {
                SweepDir = parse.GetValue(sweep)!, Format = TableExport.ParseFormat(parse.GetValue(format)!), Out = parse.GetValue(output),
            });
            var o = parse.InvocationConfiguration.Output;
            if (result.Collected is { } c) o.WriteLine(c.Summary());
            foreach (var t in result.Manifest.Tables)
                o.WriteLine($"  {t.File,-32} {t.Rows,9:N0} rows  {t.Columns.Count,3} columns");
            o.WriteLine($"wrote {result.Manifest.Tables.Count} {result.Manifest.Format} files and {TableExport.ManifestFile} in {result.OutDir}");
            return 0;
        });
        return command;
    }
}
