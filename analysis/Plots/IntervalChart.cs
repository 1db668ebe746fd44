// A forest plot: one row per comparison, a point estimate with its confidence interval as a
// horizontal whisker, a vertical line at no effect (0), and the p-value written at the right of
// each row. The figure for "condition minus baseline, paired by seed".
namespace BabyLm.Analysis.Plots;

public sealed record IntervalRow(string Label, double Estimate, double Low, double High)
{
    /// <summary>Text written right of the row (e.g. "p = 0.03, Holm 0.06").</summary>
    public string? Note { get; init; }
    /// <summary>Colour of the row (e.g. its condition's colour in the other figures); default: the palette in row order.</summary>
    public string? Colour { get; init; }
}

public sealed record IntervalChart
{
    public string Title { get; init; } = "";
    public required string XLabel { get; init; }
    public string? YLabel { get; init; }
    public required IReadOnlyList<IntervalRow> Rows { get; init; }
    public string EstimateLabel { get; init; } = "mean difference";
    public string IntervalLabel { get; init; } = "95% CI";
    public string NoEffectLabel { get; init; } = "no difference";
    public double Width { get; init; } = 680;

    public string ToSvg()
    {
        var finite = Rows.SelectMany(r => new[] { r.Estimate, r.Low, r.High }).Where(double.IsFinite).Append(0).ToList();
        var x = Axis.Linear(finite.Min(), finite.Max(), 6);
        var legend = new List<LegendEntry>
        {
            new(EstimateLabel, "#222222") { Marker = Palette.Marker.Circle },
            new(IntervalLabel, "#222222") { Whisker = true },
            new(NoEffectLabel, Palette.Reference) { Line = true, Dash = "2 3" },
        };
        double rowHeight = 30;
        double noteWidth = Rows.Select(r => r.Note is null ? 0 : TextMetrics.Width(r.Note, Frame.FontSize - 1) + 8).DefaultIfEmpty(0).Max();
        double height = 110 + rowHeight * Math.Max(1, Rows.Count);
        var frame = new Frame(Width + noteWidth, height, Title, XLabel, YLabel, legend, Frame.LabelWidth(Rows.Select(r => r.Label)), Frame.FontSize,
            rightReserve: noteWidth);
        double plotRight = frame.PlotRight;
        x.Place(frame.PlotLeft + 8, plotRight - 8);
        var svg = frame.Svg;
        var centres = Rows.Select((_, i) => frame.PlotTop + (i + 0.5) * (frame.PlotBottom - frame.PlotTop) / Rows.Count).ToList();

        svg.Open("g", ("class", "grid"), ("stroke", Palette.Grid), ("stroke-width", 1));
        foreach (var t in x.Ticks) svg.Element("line", [("x1", x.Map(t)), ("y1", frame.PlotTop), ("x2", x.Map(t)), ("y2", frame.PlotBottom)]);
        svg.Close();
        svg.Open("g", ("class", "data"));
        svg.Open("g", ("class", "reference"), ("data-label", NoEffectLabel));
        svg.Line(x.Map(0), frame.PlotTop, x.Map(0), frame.PlotBottom, Palette.Reference, 1.2, dash: "2 3");
        svg.Close();
        for (int i = 0; i < Rows.Count; i++)
        {
            var r = Rows[i];
            double cy = centres[i];
            string colour = r.Colour ?? Palette.Colour(i + 1);
            svg.Open("g", ("class", "series"), ("data-label", r.Label));
            if (double.IsFinite(r.Low) && double.IsFinite(r.High))
                svg.Element("path", [("class", "error-bar"), ("d", $"M{Svg.N(x.Map(r.Low))} {Svg.N(cy)} H{Svg.N(x.Map(r.High))} M{Svg.N(x.Map(r.Low))} {Svg.N(cy - 5)} V{Svg.N(cy + 5)} M{Svg.N(x.Map(r.High))} {Svg.N(cy - 5)} V{Svg.N(cy + 5)}"),
                    ("stroke", colour), ("stroke-width", 1.6), ("fill", "none")]);
            if (double.IsFinite(r.Estimate))
                svg.Element("path", [("class", "marker"), ("d", Palette.MarkerPath(Palette.Marker.Circle, x.Map(r.Estimate), cy, 4.2)), ("fill", colour), ("stroke", "white"), ("stroke-width", 0.8)]);
            if (r.Note is not null) svg.Text(plotRight + 8, cy, r.Note, "note", size: Frame.FontSize - 1, baseline: "central");
            svg.Close();
        }
        svg.Close();
        frame.XAxis(x);
        frame.YCategories(Rows.Select(r => r.Label).ToList(), centres);
        frame.Legend();
        return frame.ToString();
    }
}
