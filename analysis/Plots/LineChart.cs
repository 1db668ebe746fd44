// Lines over a numeric x axis, each with an optional shaded band (e.g. the range over seeds), plus
// horizontal reference lines (chance, n-gram baselines). The x axis turns logarithmic when the data
// span two decades or more (words seen: 100k … 10M), unless told otherwise; points at x ≤ 0 cannot be
// placed on a log axis and are left out (the caption says so).
namespace BabyLm.Analysis.Plots;

public sealed record LineSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>Lower and upper edge of the band at each point (null: no band).</summary>
    public IReadOnlyList<double>? Low { get; init; }
    public IReadOnlyList<double>? High { get; init; }
    /// <summary>Palette index (colour, dash, marker); default: the series' position. Keeps a condition's style the same across figures.</summary>
    public int? Style { get; init; }
}

/// <summary>A labelled horizontal line across the plot (chance level, a baseline's score).</summary>
public sealed record ReferenceLine(string Label, double Value);

public enum XScale { Auto, Linear, Log }

public sealed record LineChart
{
    public string Title { get; init; } = "";
    public required string XLabel { get; init; }
    public required string YLabel { get; init; }
    public required IReadOnlyList<LineSeries> Series { get; init; }
    public IReadOnlyList<ReferenceLine> References { get; init; } = [];
    public XScale XScale { get; init; } = XScale.Auto;
    /// <summary>Format x tick labels with SI suffixes (counts such as words seen).</summary>
    public bool SiX { get; init; }
    /// <summary>What the band shows, for the legend (e.g. "range over 3 seeds").</summary>
    public string? BandLabel { get; init; }
    public string? LegendTitle { get; init; }
    /// <summary>Values the y axis never goes beyond (e.g. 0–100 for accuracies); bands are cut there.</summary>
    public (double Min, double Max)? YLimits { get; init; }
    public double Width { get; init; } = 680;
    public double Height { get; init; } = 400;

    /// <summary>Whether the x axis is logarithmic for these data.</summary>
    public bool UsesLogX()
    {
        if (XScale != XScale.Auto) return XScale == XScale.Log;
        var xs = Series.SelectMany(s => s.X).Where(x => x > 0 && double.IsFinite(x)).ToList();
        return xs.Count > 1 && xs.Max() / xs.Min() >= 100;
    }

    public string ToSvg()
    {
        bool log = UsesLogX();
        var points = Series.SelectMany(s => s.X.Select((x, i) => (X: x, Y: s.Y[i], Lo: s.Low?[i] ?? s.Y[i], Hi: s.High?[i] ?? s.Y[i])))
            .Where(p => double.IsFinite(p.Y) && double.IsFinite(p.X) && (!log || p.X > 0)).ToList();
        double xMin = points.Count > 0 ? points.Min(p => p.X) : 0, xMax = points.Count > 0 ? points.Max(p => p.X) : 1;
        double yMin = points.Count > 0 ? points.Min(p => Math.Min(p.Y, p.Lo)) : 0, yMax = points.Count > 0 ? points.Max(p => Math.Max(p.Y, p.Hi)) : 1;
        foreach (var r in References) { yMin = Math.Min(yMin, r.Value); yMax = Math.Max(yMax, r.Value); }
        if (YLimits is { } lim) (yMin, yMax) = (Math.Max(yMin, lim.Min), Math.Min(yMax, lim.Max));

        Func<double, string>? xFormat = SiX ? Axis.Si : null;
        var x = log ? Axis.Logarithmic(xMin, xMax, xFormat) : Axis.Linear(Math.Min(0, xMin), xMax, 6, xFormat);
        var y = Axis.Linear(yMin, yMax, 5);

        var legend = new List<LegendEntry>();
        for (int i = 0; i < Series.Count; i++)
        {
            int st = Series[i].Style ?? i;
            legend.Add(new LegendEntry(Series[i].Label, Palette.Colour(st))
            {
                Line = true, Dash = Palette.Dash(st), Marker = Palette.MarkerOf(st), Fill = Series[i].Low is null ? 0 : 0.18,
            });
        }
        for (int i = 0; i < References.Count; i++)
            legend.Add(new LegendEntry(References[i].Label, Palette.Reference) { Line = true, Dash = ReferenceDash(i) });
        if (BandLabel is not null && Series.Any(s => s.Low is not null))
            legend.Add(new LegendEntry(BandLabel, "#888888") { Fill = 0.25 });

        var frame = new Frame(Width, Height, Title, XLabel + (log ? " (log scale)" : ""), YLabel, legend,
            Frame.LabelWidth(y.Labels), Frame.FontSize, LegendTitle);
        x.Place(frame.PlotLeft, frame.PlotRight);
        y.Place(frame.PlotBottom, frame.PlotTop);
        var svg = frame.Svg;

        frame.Grid(y, x);
        frame.BeginData();
        for (int i = 0; i < References.Count; i++)
        {
            double py = y.Map(References[i].Value);
            svg.Open("g", ("class", "reference"), ("data-label", References[i].Label));
            svg.Line(frame.PlotLeft, py, frame.PlotRight, py, Palette.Reference, 1.2, dash: ReferenceDash(i));
            svg.Close();
        }
        for (int i = 0; i < Series.Count; i++)
        {
            var s = Series[i];
            var idx = Enumerable.Range(0, s.X.Count).Where(k => double.IsFinite(s.Y[k]) && double.IsFinite(s.X[k]) && (!log || s.X[k] > 0))
                .OrderBy(k => s.X[k]).ToList();
            int style = s.Style ?? i;
            string colour = Palette.Colour(style);
            svg.Open("g", ("class", "series"), ("data-label", s.Label));
            if (s.Low is not null && s.High is not null && idx.Count > 0)
            {
                var upper = idx.Select(k => (x.Map(s.X[k]), y.Map(s.High[k])));
                var lower = idx.AsEnumerable().Reverse().Select(k => (x.Map(s.X[k]), y.Map(s.Low[k])));
                svg.Element("path", [("class", "band"), ("d", Svg.PathThrough(upper.Concat(lower)) + " Z"), ("fill", colour), ("fill-opacity", 0.18), ("stroke", "none")]);
            }
            if (idx.Count > 1)
                svg.Element("path", [("class", "line"), ("d", Svg.PathThrough(idx.Select(k => (x.Map(s.X[k]), y.Map(s.Y[k]))))), ("fill", "none"),
                    ("stroke", colour), ("stroke-width", 1.8), ("stroke-dasharray", Palette.Dash(style)), ("stroke-linejoin", "round")]);
            foreach (var k in idx)
                svg.Element("path", [("class", "marker"), ("d", Palette.MarkerPath(Palette.MarkerOf(style), x.Map(s.X[k]), y.Map(s.Y[k]), Frame.MarkerRadius)),
                    ("fill", colour), ("stroke", "white"), ("stroke-width", 0.6)]);
            svg.Close();
        }
        frame.EndData();
        frame.XAxis(x);
        frame.YAxis(y);
        frame.Legend();
        return frame.ToString();
    }

    private static string ReferenceDash(int i) => i switch { 0 => "2 3", 1 => "7 3", _ => "7 3 2 3" };
}
