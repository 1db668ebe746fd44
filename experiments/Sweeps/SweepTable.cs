// The run table that `babylm sweep` keeps live and `babylm status` prints: one row per run with its
// state, step, loss and time left. Long sweeps show every unfinished run and a count of the rest.
using System.Globalization;
using Spectre.Console;

namespace BabyLm.Experiments.Sweeps;

public static class SweepTable
{
    /// <summary>More finished runs than this are summarised in one line instead of listed.</summary>
    public const int MaxFinishedRows = 20;

    public static Table Build(string title, IReadOnlyList<SweepRow> rows)
    {
        var table = new Table().Title(Markup.Escape(title));
        bool devices = rows.Any(r => r.Device is not null and not "cpu");  // the column only where a run used a GPU
        foreach (var h in new[] { "run", "values", "state", "step", "loss", "ETA" }) table.AddColumn(h);
        foreach (var c in table.Columns.Skip(3)) c.RightAligned();
        if (devices) table.AddColumn("device");
        var finished = rows.Where(r => r.State == "done").ToList();
        bool fold = finished.Count > MaxFinishedRows;
        foreach (var r in rows)
        {
            if (fold && r.State == "done") continue;
            string[] cells =
            [
                Markup.Escape(r.Id),
                Markup.Escape(r.Label),
                State(r.State),
                r.TotalSteps > 0 ? $"{r.Step:N0}/{r.TotalSteps:N0}" : r.Step > 0 ? $"{r.Step:N0}" : "",
                r.Loss is { } l ? l.ToString("0.0000", CultureInfo.InvariantCulture) : "",
                r.Eta is { } eta ? Eta(eta) : "",
            ];
            table.AddRow(devices ? [.. cells, Markup.Escape(r.Device ?? "")] : cells);
        }
        if (fold) table.AddRow(devices ? ["", $"[green]… {finished.Count} done runs not shown[/]", "", "", "", "", ""] : ["", $"[green]… {finished.Count} done runs not shown[/]", "", "", "", ""]);
        return table;
    }

    public static string Eta(TimeSpan t) => t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:D2}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:D2}s" : $"{t.Seconds}s";

    private static string State(string state) => state switch
    {
        "done" => "[green]done[/]",
        "failed" => "[red]failed[/]",
        "running" => "[blue]running[/]",
        "interrupted" or "stale" => $"[yellow]{state}[/]",
        _ => Markup.Escape(state),
    };
}
