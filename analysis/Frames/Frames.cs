// Helpers over Microsoft.Data.Analysis DataFrames for the analyses a notebook does on a run table:
// typed frames from runs.db tables, the last evaluation of each run, filters by value, grouped
// summaries (mean, min, max over runs: learning curves), typed column access for plots, and an HTML
// and a text rendering (numbers to 6 significant digits, NULL empty) that notebooks register as the
// DataFrame display. Values compare as text the way --where and --by compare them (ConfigFlattener.Text),
// so 2, "2" and 2.0 select the same rows of an integer column.
// What it does not do: statistics (ConditionSet and Statistics/ do those) or I/O beyond reading runs.db.
using BabyLm.Core;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Analysis;

namespace BabyLm.Analysis;

public static class Frames
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>A DataFrame with the table's typed columns (int64, double, string, bool, DateTime; nulls kept).</summary>
    public static DataFrame From(TypedTable table)
        => new(table.Columns.Select(c => ToColumn(c.Name, c.Kind, c.Values)));

    internal static DataFrameColumn ToColumn(string name, ColumnKind kind, Array values) => kind switch
    {
        ColumnKind.Int64 => new Int64DataFrameColumn(name, (long?[])values),
        ColumnKind.Double => new DoubleDataFrameColumn(name, (double?[])values),
        ColumnKind.Boolean => new BooleanDataFrameColumn(name, (bool?[])values),
        ColumnKind.Timestamp => new DateTimeDataFrameColumn(name, (DateTime?[])values),
        _ => new StringDataFrameColumn(name, (string?[])values),
    };

    /// <summary>The text a cell compares and groups by: as `--where` and `--by` see it (null → "null", true → "true").</summary>
    public static string Text(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv),
        _ => ConfigFlattener.Text(value),
    };

    /// <summary>The column, or an error that lists the columns there are.</summary>
    public static DataFrameColumn Col(this DataFrame frame, string column)
        => frame.Columns.IndexOf(column) >= 0 ? frame.Columns[column]
            : throw new BabyLmException($"no column '{column}' in this frame" + DidYouMean(column, Names(frame)),
                $"columns: {string.Join(", ", Names(frame))}");

    public static IReadOnlyList<string> Names(this DataFrame frame) => frame.Columns.Select(c => c.Name).ToList();

    public static bool Has(this DataFrame frame, string column) => frame.Columns.IndexOf(column) >= 0;

    // ---- selecting rows and columns ------------------------------------------------------------------

    /// <summary>Rows whose <paramref name="column"/> equals <paramref name="value"/> (compared as text, see <see cref="Text"/>).</summary>
    public static DataFrame Where(this DataFrame frame, string column, object? value)
    {
        var col = frame.Col(column);
        string want = Text(value);
        return frame.Filter(Mask(frame, i => Text(col[i]) == want));
    }

    /// <summary>Rows whose <paramref name="column"/> is one of <paramref name="values"/>.</summary>
    public static DataFrame WhereIn(this DataFrame frame, string column, IEnumerable<object?> values)
    {
        var col = frame.Col(column);
        var want = values.Select(Text).ToHashSet(StringComparer.Ordinal);
        return frame.Filter(Mask(frame, i => want.Contains(Text(col[i]))));
    }

    /// <summary>Rows for which <paramref name="keep"/> is true.</summary>
    public static DataFrame Where(this DataFrame frame, Func<DataFrameRow, bool> keep)
    {
        var rows = frame.Rows;
        return frame.Filter(Mask(frame, i => keep(rows[i])));
    }

    /// <summary>A new frame with these columns (copies), in this order.</summary>
    public static DataFrame Select(this DataFrame frame, params string[] columns)
        => new(columns.Select(c => frame.Col(c).Clone()));

    /// <summary>Adds (or replaces) a double column computed row by row; returns the same frame.</summary>
    public static DataFrame AddColumn(this DataFrame frame, string name, Func<DataFrameRow, double?> value)
    {
        var rows = frame.Rows;
        return frame.Put(new DoubleDataFrameColumn(name, Enumerable.Range(0, (int)rows.Count).Select(i => value(rows[i]))));
    }

    /// <summary>Adds (or replaces) <paramref name="column"/> × <paramref name="factor"/> as a double column named <paramref name="name"/> (e.g. accuracy in percent).</summary>
    public static DataFrame AddScaled(this DataFrame frame, string column, double factor, string name)
    {
        var col = frame.Col(column);
        return frame.Put(new DoubleDataFrameColumn(name, Enumerable.Range(0, (int)col.Length)
            .Select(i => col[i] is { } v and not string ? factor * Convert.ToDouble(v, Inv) : (double?)null)));
    }

    private static DataFrame Put(this DataFrame frame, DataFrameColumn column)
    {
        int at = frame.Columns.IndexOf(column.Name);
        if (at >= 0) frame.Columns[at] = column;
        else frame.Columns.Add(column);
        return frame;
    }

    // ---- typed access --------------------------------------------------------------------------------

    /// <summary>A numeric column as doubles (null → NaN), for plots and statistics.</summary>
    public static IReadOnlyList<double> Doubles(this DataFrame frame, string column)
    {
        var col = frame.Col(column);
        return Enumerable.Range(0, (int)col.Length).Select(i => col[i] is { } v and not string ? Convert.ToDouble(v, Inv) : double.NaN).ToList();
    }

    /// <summary>A column's cells as text (see <see cref="Text"/>).</summary>
    public static IReadOnlyList<string> Texts(this DataFrame frame, string column)
    {
        var col = frame.Col(column);
        return Enumerable.Range(0, (int)col.Length).Select(i => Text(col[i])).ToList();
    }

    /// <summary>The distinct values of a column as text, in natural order (numbers numerically, then text ordinally).</summary>
    public static IReadOnlyList<string> Distinct(this DataFrame frame, string column) => NaturalOrder(frame.Texts(column).Distinct(StringComparer.Ordinal));

    internal static List<string> NaturalOrder(IEnumerable<string> labels)
    {
        var values = labels.Distinct(StringComparer.Ordinal).ToList();
        bool numeric = values.All(v => double.TryParse(v, NumberStyles.Float, Inv, out _));
        return numeric
            ? values.OrderBy(v => double.Parse(v, NumberStyles.Float, Inv)).ToList()
            : values.Order(StringComparer.Ordinal).ToList();
    }

    // ---- the questions every analysis asks --------------------------------------------------------------

    /// <summary>
    /// The rows of each run's last evaluation: per run (and per suite, when the frame has a suite
    /// column) the rows at its largest step. For suite, phenomenon and field scores and probes this is
    /// what the last_* views of runs.db hold; for metrics, the last logged line.
    /// </summary>
    public static DataFrame LastEvaluation(this DataFrame frame)
    {
        var run = frame.Col("run_id");
        var step = frame.Col("step");
        DataFrameColumn? suite = frame.Has("suite") ? frame.Columns["suite"] : null;
        string Key(long i) => suite is null ? Text(run[i]) : Text(run[i]) + "\u001f" + Text(suite[i]);
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        for (long i = 0; i < frame.Rows.Count; i++)
            if (step[i] is { } s)
            {
                long v = Convert.ToInt64(s, Inv);
                var k = Key(i);
                if (!last.TryGetValue(k, out var m) || v > m) last[k] = v;
            }
        return frame.Filter(Mask(frame, i => step[i] is { } s && last.TryGetValue(Key(i), out var m) && Convert.ToInt64(s, Inv) == m));
    }

    /// <summary>
    /// One row per group of <paramref name="by"/> (in natural order of the keys): n, the number of rows,
    /// and for each of <paramref name="values"/> its mean, sd (n − 1), min and max over the rows that
    /// have it, as "&lt;value&gt;_mean" etc. Learning curves: by condition and step over runs.
    /// </summary>
    public static DataFrame Summarise(this DataFrame frame, IReadOnlyList<string> by, params string[] values)
    {
        var keys = by.Select(frame.Col).ToList();
        var cols = values.Select(frame.Col).ToList();
        var groups = new Dictionary<string, (object?[] Key, List<long> Rows)>(StringComparer.Ordinal);
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            var key = keys.Select(k => k[i]).ToArray();
            var text = string.Join("\u001f", key.Select(Text));
            if (!groups.TryGetValue(text, out var g)) groups[text] = g = (key, []);
            g.Rows.Add(i);
        }
        var ordered = groups.Values.ToList();
        for (int k = by.Count - 1; k >= 0; k--)
        {
            int kk = k;
            var order = NaturalOrder(ordered.Select(g => Text(g.Key[kk])));
            ordered = ordered.OrderBy(g => order.IndexOf(Text(g.Key[kk]))).ToList(); // stable: earlier keys sort last, so they win
        }

        var result = new List<DataFrameColumn>();
        for (int k = 0; k < by.Count; k++)
        {
            int kk = k;
            result.Add(Rebuild(keys[k], by[k], ordered.Select(g => g.Key[kk])));
        }
        result.Add(new Int64DataFrameColumn("n", ordered.Select(g => (long?)g.Rows.Count)));
        foreach (var (name, col) in values.Zip(cols))
        {
            var stats = ordered.Select(g => g.Rows.Select(i => col[i]).Where(v => v is not null and not string).Select(v => Convert.ToDouble(v, Inv)).ToList()).ToList();
            result.Add(new DoubleDataFrameColumn($"{name}_mean", stats.Select(s => s.Count > 0 ? s.Average() : (double?)null)));
            result.Add(new DoubleDataFrameColumn($"{name}_sd", stats.Select(s => s.Count > 1 ? Sd(s) : (double?)null)));
            result.Add(new DoubleDataFrameColumn($"{name}_min", stats.Select(s => s.Count > 0 ? s.Min() : (double?)null)));
            result.Add(new DoubleDataFrameColumn($"{name}_max", stats.Select(s => s.Count > 0 ? s.Max() : (double?)null)));
        }
        return new DataFrame(result);
    }

    private static double Sd(List<double> v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }

    /// <summary>A column of the same type as <paramref name="template"/> holding <paramref name="values"/>.</summary>
    internal static DataFrameColumn Rebuild(DataFrameColumn template, string name, IEnumerable<object?> values) => template switch
    {
        Int64DataFrameColumn => new Int64DataFrameColumn(name, values.Select(v => v is null ? (long?)null : Convert.ToInt64(v, Inv))),
        DoubleDataFrameColumn => new DoubleDataFrameColumn(name, values.Select(v => v is null ? (double?)null : Convert.ToDouble(v, Inv))),
        BooleanDataFrameColumn => new BooleanDataFrameColumn(name, values.Select(v => (bool?)v)),
        DateTimeDataFrameColumn => new DateTimeDataFrameColumn(name, values.Select(v => (DateTime?)v)),
        _ => new StringDataFrameColumn(name, values.Select(v => v is null ? null : Text(v))),
    };

    // ---- display ------------------------------------------------------------------------------------

    /// <summary>An HTML table: a header of column names (with their types as tooltips), numbers right-aligned to 6 significant digits, NULL empty.</summary>
    public static string ToHtml(this DataFrame frame, int maxRows = 100)
    {
        var sb = new StringBuilder();
        long rows = frame.Rows.Count;
        sb.Append("<table class=\"babylm-frame\">\n<thead><tr>");
        foreach (var c in frame.Columns)
            sb.Append("<th title=\"").Append(WebUtility.HtmlEncode(TypeName(c))).Append("\">").Append(WebUtility.HtmlEncode(c.Name)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        for (long i = 0; i < Math.Min(rows, maxRows); i++)
        {
            sb.Append("<tr>");
            foreach (var c in frame.Columns)
            {
                bool number = IsNumeric(c);
                sb.Append(number ? "<td style=\"text-align:right\">" : "<td>").Append(WebUtility.HtmlEncode(Display(c[i]))).Append("</td>");
            }
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");
        sb.Append(rows > maxRows ? $"<p>{maxRows} of {rows} rows shown.</p>\n" : $"<p>{rows} row{(rows == 1 ? "" : "s")} × {frame.Columns.Count} columns</p>\n");
        return sb.ToString();
    }

    /// <summary>An aligned text table (numbers right-aligned to 6 significant digits, NULL empty).</summary>
    public static string ToText(this DataFrame frame, int maxRows = 100)
    {
        var cols = frame.Columns.ToList();
        long rows = Math.Min(frame.Rows.Count, maxRows);
        var cells = new List<string[]>();
        for (long i = 0; i < rows; i++) cells.Add(cols.Select(c => Display(c[i])).ToArray());
        var widths = cols.Select((c, k) => Math.Max(c.Name.Length, cells.Count == 0 ? 0 : cells.Max(r => r[k].Length))).ToArray();
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> values)
        {
            for (int k = 0; k < values.Count; k++)
            {
                if (k > 0) sb.Append("  ");
                sb.Append(IsNumeric(cols[k]) ? values[k].PadLeft(widths[k]) : k == values.Count - 1 ? values[k] : values[k].PadRight(widths[k]));
            }
            sb.Append('\n');
        }
        Line(cols.Select(c => c.Name).ToArray());
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var r in cells) Line(r);
        sb.Append(frame.Rows.Count > maxRows ? $"({maxRows} of {frame.Rows.Count} rows)\n" : $"({frame.Rows.Count} row{(frame.Rows.Count == 1 ? "" : "s")})\n");
        return sb.ToString();
    }

    /// <summary>How a cell is shown: numbers to 6 significant digits, times as ISO-8601 UTC, NULL as nothing.</summary>
    public static string Display(object? value) => value switch
    {
        null => "",
        double d => d.ToString("G6", Inv),
        float f => f.ToString("G6", Inv),
        _ => Text(value),
    };

    private static bool IsNumeric(DataFrameColumn c) => c is Int64DataFrameColumn or DoubleDataFrameColumn or Int32DataFrameColumn or SingleDataFrameColumn;

    private static string TypeName(DataFrameColumn c) => c switch
    {
        Int64DataFrameColumn => "int64",
        DoubleDataFrameColumn => "double",
        BooleanDataFrameColumn => "bool",
        DateTimeDataFrameColumn => "timestamp",
        StringDataFrameColumn => "string",
        _ => c.DataType.Name,
    };

    private static BooleanDataFrameColumn Mask(DataFrame frame, Func<long, bool> keep) => Mask(frame.Rows.Count, keep);

    private static BooleanDataFrameColumn Mask(long length, Func<long, bool> keep)
    {
        var mask = new BooleanDataFrameColumn("mask", length);
        for (long i = 0; i < length; i++) mask[i] = keep(i);
        return mask;
    }

    private static string DidYouMean(string name, IReadOnlyList<string> allowed)
    {
        var close = Suggest.Closest(name, allowed);
        return close.Count > 0 ? $" (did you mean '{close[0]}'?)" : "";
    }
}
