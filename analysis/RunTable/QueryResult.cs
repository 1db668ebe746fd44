// A query's columns and rows, printable three ways: an aligned text table for people (numbers to 6
// significant digits), CSV (RFC 4180, full precision) and JSON (an array of objects, full precision).
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BabyLm.Analysis;

public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<Row> Rows)
{
    /// <summary>An aligned table; numbers right-aligned, NULL shown as empty.</summary>
    public string ToText(int maxWidth = 60)
    {
        var cells = Rows.Select(r => r.Values.Select(v => Clip(Display(v), maxWidth)).ToArray()).ToList();
        var widths = Columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        var numeric = Columns.Select((_, i) => Rows.Count > 0 && Rows.All(r => r[i] is null or long or double or int)).ToArray();
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> values)
        {
            for (int i = 0; i < values.Count; i++)
            {
                if (i > 0) sb.Append("  ");
                sb.Append(numeric[i] ? values[i].PadLeft(widths[i]) : i == values.Count - 1 ? values[i] : values[i].PadRight(widths[i]));
            }
            sb.Append('\n');
        }
        Line(Columns);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var r in cells) Line(r);
        sb.Append($"({Rows.Count} row{(Rows.Count == 1 ? "" : "s")})\n");
        return sb.ToString();
    }

    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", Columns.Select(Csv.Escape))).Append('\n');
        foreach (var r in Rows) sb.Append(string.Join(",", r.Values.Select(v => Csv.Escape(Exact(v))))).Append('\n');
        return sb.ToString();
    }

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var r in Rows)
            {
                w.WriteStartObject();
                for (int i = 0; i < Columns.Count; i++)
                {
                    w.WritePropertyName(Columns[i]);
                    switch (r[i])
                    {
                        case null: w.WriteNullValue(); break;
                        case long l: w.WriteNumberValue(l); break;
                        case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
                        case double d: w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break;
                        case byte[] b: w.WriteBase64StringValue(b); break;
                        case var v: w.WriteStringValue(Convert.ToString(v, CultureInfo.InvariantCulture)); break;
                    }
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Display(object? v) => v switch
    {
        null => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        byte[] b => $"<{b.Length} bytes>",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Exact(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToBase64String(b),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    private static string Clip(string s, int max)
    {
        s = s.Replace('\n', ' ').Replace('\r', ' ');
        return s.Length <= max ? s : s[..(max - 1)] + "…";
    }
}

/// <summary>CSV quoting (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled.</summary>
public static class Csv
{
    public static string Escape(string field)
        => field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    public static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Escape)) + "\n";
}
