// A small SVG writer: elements with attributes, XML escaping, and coordinates printed invariantly to
// two decimals, so the same figure is always the same bytes. Knows nothing of charts.
using System.Globalization;
using System.Text;

namespace BabyLm.Analysis.Plots;

public sealed class Svg
{
    /// <summary>Helvetica for print (what journals set), DejaVu Sans where it is missing (Debian, rsvg).</summary>
    public const string FontFamily = "Helvetica, Arial, 'DejaVu Sans', sans-serif";

    private readonly StringBuilder _sb = new();
    private readonly Stack<string> _open = new();

    public Svg(double width, double height, string title)
    {
        _sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        _sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(width)} {N(height)}\" "
            + $"font-family=\"{Escape(FontFamily)}\" font-size=\"12\">\n");
        _open.Push("svg");
        Element("title", null, title);
        Element("rect", [("class", "background"), ("width", "100%"), ("height", "100%"), ("fill", "white")]);
    }

    /// <summary>Opens an element that later elements nest in (a group, a clip path, …).</summary>
    public Svg Open(string tag, params (string Name, object? Value)[] attributes)
    {
        Indent();
        _sb.Append('<').Append(tag);
        Attributes(attributes);
        _sb.Append(">\n");
        _open.Push(tag);
        return this;
    }

    public Svg Close()
    {
        var tag = _open.Pop();
        Indent();
        _sb.Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>A leaf element, optionally with text content.</summary>
    public Svg Element(string tag, (string Name, object? Value)[]? attributes, string? text = null)
    {
        Indent();
        _sb.Append('<').Append(tag);
        Attributes(attributes ?? []);
        if (text is null) _sb.Append("/>\n");
        else _sb.Append('>').Append(Escape(text)).Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>
    /// Text at (x, y); anchor start|middle|end; rotation in degrees about (x, y). baseline "central"
    /// centres the text vertically on y by shifting it 0.35 em down (dominant-baseline is not honoured
    /// by every renderer or PDF converter).
    /// </summary>
    public Svg Text(double x, double y, string text, string cssClass, string anchor = "start", double size = 12, double rotate = 0,
        string? weight = null, string baseline = "auto", string fill = "#222")
    {
        if (baseline == "central") y += 0.35 * size;
        var attrs = new List<(string, object?)> { ("class", cssClass), ("x", x), ("y", y) };
        if (anchor != "start") attrs.Add(("text-anchor", anchor));
        if (size != 12) attrs.Add(("font-size", size));
        if (weight is not null) attrs.Add(("font-weight", weight));
        attrs.Add(("fill", fill));
        if (rotate != 0) attrs.Add(("transform", $"rotate({N(rotate)} {N(x)} {N(y)})"));
        return Element("text", attrs.ToArray(), text);
    }

    public Svg Line(double x1, double y1, double x2, double y2, string stroke, double width = 1, string? cssClass = null, string? dash = null)
        => Element("line", [("class", cssClass), ("x1", x1), ("y1", y1), ("x2", x2), ("y2", y2), ("stroke", stroke), ("stroke-width", width),
            ("stroke-dasharray", dash)]);

    public Svg Rect(double x, double y, double w, double h, string fill, string? cssClass = null, string? stroke = null, double opacity = 1)
        => Element("rect", [("class", cssClass), ("x", x), ("y", y), ("width", Math.Max(0, w)), ("height", Math.Max(0, h)), ("fill", fill),
            ("stroke", stroke), ("fill-opacity", opacity == 1 ? null : opacity)]);

    /// <summary>"M x y L x y …" through the points.</summary>
    public static string PathThrough(IEnumerable<(double X, double Y)> points)
    {
        var sb = new StringBuilder();
        foreach (var (x, y) in points) sb.Append(sb.Length == 0 ? "M" : " L").Append(N(x)).Append(' ').Append(N(y));
        return sb.ToString();
    }

    public override string ToString()
    {
        while (_open.Count > 0) Close();
        return _sb.ToString();
    }

    /// <summary>A number as SVG wants it: invariant, at most two decimals, no trailing zeros.</summary>
    public static string N(double v)
    {
        var s = Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }

    public static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    private void Attributes((string Name, object? Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
        {
            if (value is null) continue;
            var text = value switch
            {
                double d => N(d),
                int i => i.ToString(CultureInfo.InvariantCulture),
                _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
            };
            _sb.Append(' ').Append(name).Append("=\"").Append(Escape(text)).Append('"');
        }
    }

    private void Indent() => _sb.Append(' ', 2 * (_open.Count - 1 < 0 ? 0 : _open.Count));
}
