// One table, two typesettings: GitHub Markdown (for report.md) and LaTeX booktabs (for papers). A
// cell carries both spellings, since "71.2 ± 2.1" is "$71.2 \pm 2.1$" in LaTeX and underscores,
// percent signs and the like need escaping there.
using System.Text;

namespace BabyLm.Analysis;

/// <summary>A cell's Markdown and LaTeX text.</summary>
public readonly record struct Cell(string Md, string Tex)
{
    /// <summary>Plain text: escaped for LaTeX, and for Markdown tables (a | would end the cell).</summary>
    public static implicit operator Cell(string text) => new(text.Replace("|", "\\|", StringComparison.Ordinal), Fmt.TexEscape(text));
}

public sealed class TextTable
{
    private readonly List<(string Md, string Tex, bool Right)> _columns;
    private readonly List<Cell[]?> _rows = []; // null = a rule between row groups

    public TextTable(params (Cell Header, bool Right)[] columns) => _columns = columns.Select(c => (c.Header.Md, c.Header.Tex, c.Right)).ToList();

    public int Rows => _rows.Count(r => r is not null);

    public void Add(params Cell[] cells)
    {
        if (cells.Length != _columns.Count) throw new ArgumentException($"{cells.Length} cells for {_columns.Count} columns");
        _rows.Add(cells);
    }

    /// <summary>A rule before the next row (\midrule in LaTeX; nothing in Markdown).</summary>
    public void Rule()
    {
        if (_rows.Count > 0 && _rows[^1] is not null) _rows.Add(null);
    }

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("| ").Append(string.Join(" | ", _columns.Select(c => c.Md))).Append(" |\n");
        sb.Append('|').Append(string.Join("|", _columns.Select(c => c.Right ? "---:" : "---"))).Append("|\n");
        foreach (var row in _rows.Where(r => r is not null))
            sb.Append("| ").Append(string.Join(" | ", row!.Select(c => c.Md))).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>A booktabs tabular (\usepackage{booktabs}), with a comment saying what it is; plain ASCII throughout.</summary>
    public string Latex(string comment)
    {
        var sb = new StringBuilder();
        foreach (var line in comment.Split('\n'))
            sb.Append("% ").Append(line.Replace("±", "+/-", StringComparison.Ordinal).Replace("×", "x", StringComparison.Ordinal)
                .Replace("−", "-", StringComparison.Ordinal).Replace("–", "-", StringComparison.Ordinal)).Append('\n');
        sb.Append("% Requires \\usepackage{booktabs}.\n");
        sb.Append("\\begin{tabular}{").Append(string.Concat(_columns.Select(c => c.Right ? 'r' : 'l'))).Append("}\n\\toprule\n");
        sb.Append(string.Join(" & ", _columns.Select(c => c.Tex))).Append(" \\\\\n\\midrule\n");
        var rows = _rows.ToList();
        while (rows.Count > 0 && rows[^1] is null) rows.RemoveAt(rows.Count - 1);
        foreach (var row in rows)
            sb.Append(row is null ? "\\midrule\n" : string.Join(" & ", row.Select(c => c.Tex)) + " \\\\\n");
        sb.Append("\\bottomrule\n\\end{tabular}\n");
        return sb.ToString();
    }
}

/// <summary>Number formats of the report: accuracies to one decimal, p-values to three (or "&lt; 0.001").</summary>
public static class Fmt
{
    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>"71.2 ± 2.1" (n ≥ 2), "71.2" (n = 1), "–" (no runs).</summary>
    public static Cell MeanCi(Statistics.MeanCi ci, string format = "0.0")
    {
        if (ci.N == 0 || double.IsNaN(ci.Mean)) return new Cell("–", "--");
        var mean = ci.Mean.ToString(format, Inv);
        if (double.IsNaN(ci.HalfWidth)) return new Cell(mean, $"${mean}$");
        var hw = ci.HalfWidth.ToString(format, Inv);
        return new Cell($"{mean} ± {hw}", $"${mean} \\pm {hw}$");
    }

    public static Cell Number(double v, string format = "0.0")
    {
        if (double.IsNaN(v)) return new Cell("–", "--");
        if (double.IsInfinity(v)) return new Cell(v > 0 ? "∞" : "−∞", v > 0 ? "$\\infty$" : "$-\\infty$");
        var s = v.ToString(format, Inv);
        return s.StartsWith('-') ? new Cell("−" + s[1..], $"${s}$") : new Cell(s, s);
    }

    /// <summary>"+1.6", "−0.4", "0.0".</summary>
    public static Cell Signed(double v, string format = "0.0")
    {
        if (double.IsNaN(v)) return new Cell("–", "--");
        var s = Math.Abs(v).ToString(format, Inv);
        bool zero = s.Trim('0', '.').Length == 0;
        return zero ? new Cell(s, s) : v > 0 ? new Cell("+" + s, "$+" + s + "$") : new Cell("−" + s, "$-" + s + "$");
    }

    /// <summary>"[−0.4, +3.6]".</summary>
    public static Cell Interval(double low, double high, string format = "0.0")
    {
        if (double.IsNaN(low) || double.IsNaN(high)) return new Cell("–", "--");
        var (l, h) = (Signed(low, format), Signed(high, format));
        return new Cell($"[{l.Md}, {h.Md}]", $"[{l.Tex}, {h.Tex}]");
    }

    public static Cell P(double p)
    {
        if (double.IsNaN(p)) return new Cell("–", "--");
        if (p < 0.001) return new Cell("< 0.001", "$<0.001$");
        var s = p.ToString("0.000", Inv);
        return new Cell(s, s);
    }

    /// <summary>Plain p for prose: "p = 0.034" or "p &lt; 0.001".</summary>
    public static string PText(double p) => double.IsNaN(p) ? "p = –" : p < 0.001 ? "p < 0.001" : $"p = {p.ToString("0.000", Inv)}";

    public static string TexEscape(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s)
            sb.Append(c switch
            {
                '\\' => "\\textbackslash{}",
                '&' or '%' or '$' or '#' or '_' or '{' or '}' => "\\" + c,
                '~' => "\\textasciitilde{}",
                '^' => "\\textasciicircum{}",
                '−' => "$-$",
                '±' => "$\\pm$",
                'Δ' => "$\\Delta$",
                '–' => "--",
                _ => c.ToString(),
            });
        return sb.ToString();
    }
}
