// Grouped bars with error bars: one group per category (e.g. phenomenon), one bar per series
// (condition). Bars grow from a stated origin (chance, 50%, for accuracies), so a bar's length is the
// distance from chance and the y axis need not start at 0. Long category names are rotated.
namespace BabyLm.Analysis.Plots;

public sealed record BarSeries(string Label, IReadOnlyList<double> Values)
{
    /// <summary>Error bar ends per category (null: none).</summary>
    public IReadOnlyList<double>? Low { get; init; }
    public IReadOnlyList<double>? High { get; init; }
    /// <summary>Palette index; default: the series' position.</summary>
    public int? Style { get; init; }
}

public sealed record BarChart
{
    public string Title { get; init; } = "";
    public string? XLabel { get; init; }
    public required string YLabel { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    public required IReadOnlyList<BarSeries> Series { get; init; }
    /// <summary>Where bars start (and a reference line is drawn), e.g. 50 for chance accuracy.</summary>
    public double Origin { get; init; }
    public string? OriginLabel { get; init; }
    public IReadOnlyList<ReferenceLine> References { get; init; } = [];
    /// <summary>What the error bars show, for the legend (e.g. "95% CI over seeds").</summary>
    public string? ErrorLabel { get; init; }
    public string? LegendTitle { get; init; }
    /// <summary>Values the y axis never goes beyond (e.g. 0–100 for accuracies, whose t-intervals can overshoot); whiskers are cut there.</summary>
    public (double Min, double Max)? YLimits { get; init; }
    public double Width { get; init; } = 0;
    public double Height { get; init; } = 420;

    public string ToSvg()
    {
        int n = Categories.Count, k = Series.Count;
        double lo = Origin, hi = Origin;
        foreach (var s in Series)
            for (int c = 0; c < n; c++)
            {
                foreach (var v in new[] { s.Values[c], s.Low?[c] ?? double.NaN, s.High?[c] ?? double.NaN })
                    if (double.IsFinite(v)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            }
        foreach (var r in References) { lo = Math.Min(lo, r.Value); hi = Math.Max(hi, r.Value); }
        if (YLimits is { } lim) (lo, hi) = (Math.Max(lo, lim.Min), Math.Min(hi, lim.Max));
        var y = Axis.Linear(lo, hi, 5);

        var legend = Series.Select((s, i) => new LegendEntry(s.Label, Palette.Colour(s.Style ?? i)) { Fill = 0.85 }).ToList();
        if (OriginLabel is not null) legend.Add(new LegendEntry(OriginLabel, Palette.Reference) { Line = true, Dash = "2 3" });
        legend.AddRange(References.Select((r, i) => new LegendEntry(r.Label, Palette.Reference) { Line = true, Dash = i == 0 ? "7 3" : "7 3 2 3" }));
        if (ErrorLabel is not null) legend.Add(new LegendEntry(ErrorLabel, "#222222") { Whisker = true });

        // Width: at least 14 px per bar plus gaps; rotate names that would not fit their group.
        double groupWidth = Math.Max(14 * k + 12, 48);
        double maxName = Categories.Select(c => TextMetrics.Width(c, Frame.FontSize - 1)).DefaultIfEmpty(0).Max();
        double rotation = maxName > groupWidth - 6 ? -35 : 0;
        double bottom = rotation == 0 ? Frame.FontSize : maxName * Math.Sin(35 * Math.PI / 180) + Frame.FontSize;
        double legendWidth = legend.Count == 0 ? 0 : 60 + legend.Max(e => TextMetrics.Width(e.Label, Frame.FontSize - 1));
        double width = Width > 0 ? Width : Math.Max(560, 90 + Frame.LabelWidth(y.Labels) + n * groupWidth + legendWidth + (rotation == 0 ? 0 : maxName * 0.5));
        // A rotated first name reaches left of its tick by ~cos 35° of its width: keep it on the page.
        double firstReach = rotation == 0 || n == 0 ? 0 : TextMetrics.Width(Categories[0], Frame.FontSize - 1) * Math.Cos(35 * Math.PI / 180) - groupWidth / 2 - 20;
        var frame = new Frame(width, Height + (rotation == 0 ? 0 : bottom - Frame.FontSize), Title, XLabel, YLabel, legend,
            Math.Max(Frame.LabelWidth(y.Labels), firstReach), bottom, LegendTitle);
        y.Place(frame.PlotBottom, frame.PlotTop);
        var svg = frame.Svg;
        double slot = (frame.PlotRight - frame.PlotLeft) / Math.Max(1, n);
        double barWidth = Math.Min(26, (slot - 10) / Math.Max(1, k));
        var centres = Enumerable.Range(0, n).Select(c => frame.PlotLeft + (c + 0.5) * slot).ToList();

        frame.Grid(y);
        frame.BeginData();
        double origin = y.Map(Origin);
        for (int i = 0; i < k; i++)
        {
            var s = Series[i];
            svg.Open("g", ("class", "series"), ("data-label", s.Label));
            for (int c = 0; c < n; c++)
            {
                double v = s.Values[c];
                if (!double.IsFinite(v)) continue;
                double x0 = centres[c] - k * barWidth / 2 + i * barWidth, top = y.Map(v);
                svg.Element("rect", [("class", "bar"), ("data-category", Categories[c]), ("x", x0 + 0.5), ("y", Math.Min(top, origin)),
                    ("width", barWidth - 1), ("height", Math.Abs(origin - top)), ("fill", Palette.Colour(s.Style ?? i)), ("fill-opacity", 0.85)]);
                if (s.Low is not null && s.High is not null && double.IsFinite(s.Low[c]) && double.IsFinite(s.High[c]))
                {
                    double cx = x0 + barWidth / 2, yl = y.Map(s.Low[c]), yh = y.Map(s.High[c]), cap = Math.Min(4, barWidth / 3);
                    svg.Element("path", [("class", "error-bar"), ("d", $"M{Svg.N(cx)} {Svg.N(yl)} V{Svg.N(yh)} M{Svg.N(cx - cap)} {Svg.N(yl)} H{Svg.N(cx + cap)} M{Svg.N(cx - cap)} {Svg.N(yh)} H{Svg.N(cx + cap)}"),
                        ("stroke", "#222222"), ("stroke-width", 1.1), ("fill", "none")]);
                }
            }
            svg.Close();
        }
        if (OriginLabel is not null)
        {
            svg.Open("g", ("class", "reference"), ("data-label", OriginLabel));
            svg.Line(frame.PlotLeft, origin, frame.PlotRight, origin, Palette.Reference, 1.2, dash: "2 3");
            svg.Close();
        }
        for (int r = 0; r < References.Count; r++)
        {
            svg.Open("g", ("class", "reference"), ("data-label", References[r].Label));
            svg.Line(frame.PlotLeft, y.Map(References[r].Value), frame.PlotRight, y.Map(References[r].Value), Palette.Reference, 1.2, dash: r == 0 ? "7 3" : "7 3 2 3");
            svg.Close();
        }
        frame.EndData();
        frame.XCategories(Categories, centres, rotation);
        frame.YAxis(y);
        frame.Legend();
        return frame.ToString();
    }
}
