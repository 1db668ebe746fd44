// A heatmap: rows × columns of values (paradigm × condition accuracies) coloured on viridis with the
// value printed in each cell in whichever of black or white reads better, a colour bar as the legend,
// and missing cells shown grey with a dash.
namespace BabyLm.Analysis.Plots;

public sealed record Heatmap
{
    public string Title { get; init; } = "";
    public required IReadOnlyList<string> RowLabels { get; init; }
    public required IReadOnlyList<string> ColumnLabels { get; init; }
    /// <summary>Values[row][column]; NaN = missing.</summary>
    public required IReadOnlyList<IReadOnlyList<double>> Values { get; init; }
    public string? XLabel { get; init; }
    public string? YLabel { get; init; }
    /// <summary>The colour bar's label (e.g. "accuracy (%)").</summary>
    public required string ValueLabel { get; init; }
    public string CellFormat { get; init; } = "0.0";
    /// <summary>Colour scale bounds; null = the data range widened to nice ticks.</summary>
    public double? Min { get; init; }
    public double? Max { get; init; }

    public string ToSvg()
    {
        const double CellHeight = 18, Pad = 10, BarWidth = 14;
        double fs = Frame.FontSize - 1;
        var finite = Values.SelectMany(r => r).Where(double.IsFinite).ToList();
        var scale = Axis.Linear(Min ?? (finite.Count > 0 ? finite.Min() : 0), Max ?? (finite.Count > 0 ? finite.Max() : 1), 5);
        double cellWidth = Math.Max(52, ColumnLabels.Select(c => TextMetrics.Width(c, fs) + 10).DefaultIfEmpty(0).Max());
        bool rotate = cellWidth > 110;
        if (rotate) cellWidth = 52;
        double rowLabelWidth = Frame.LabelWidth(RowLabels, fs);
        double headerHeight = rotate ? ColumnLabels.Max(c => TextMetrics.Width(c, fs)) * Math.Sin(40 * Math.PI / 180) + 16 : fs + 10;
        double titleHeight = string.IsNullOrEmpty(Title) ? 0 : Frame.TitleSize + 12;
        double left = Pad + (YLabel is null ? 0 : Frame.FontSize + 10) + rowLabelWidth + 8;
        double top = Pad + titleHeight + (XLabel is null ? 0 : Frame.FontSize + 8) + headerHeight;
        double gridWidth = cellWidth * ColumnLabels.Count, gridHeight = CellHeight * RowLabels.Count;
        double barX = left + gridWidth + 24;
        double barLabels = Frame.LabelWidth(scale.Labels, fs);
        double width = barX + BarWidth + 6 + barLabels + 10 + Frame.FontSize + Pad + 4;
        double barHeight = Math.Max(gridHeight, 120);
        double height = top + barHeight + Pad + 6;

        var svg = new Svg(width, height, Title.Length > 0 ? Title : ValueLabel);
        if (Title.Length > 0) svg.Text(left, Pad + Frame.TitleSize, Title, "title", size: Frame.TitleSize, weight: "bold");
        if (XLabel is not null)
            svg.Text(left + gridWidth / 2, Pad + titleHeight + Frame.FontSize, XLabel, "axis-label x-label", "middle");
        if (YLabel is not null)
            svg.Text(Pad + Frame.FontSize - 2, top + gridHeight / 2, YLabel, "axis-label y-label", "middle", rotate: -90);

        svg.Open("g", ("class", "axis x"));
        for (int c = 0; c < ColumnLabels.Count; c++)
        {
            double cx = left + (c + 0.5) * cellWidth;
            if (rotate) svg.Text(cx - 2, top - 6, ColumnLabels[c], "tick-label", size: fs, rotate: -40);
            else svg.Text(cx, top - 6, ColumnLabels[c], "tick-label", "middle", fs);
        }
        svg.Close();
        svg.Open("g", ("class", "axis y"));
        for (int r = 0; r < RowLabels.Count; r++)
            svg.Text(left - 6, top + (r + 0.5) * CellHeight, RowLabels[r], "tick-label", "end", fs, baseline: "central");
        svg.Close();

        svg.Open("g", ("class", "data"));
        for (int r = 0; r < RowLabels.Count; r++)
            for (int c = 0; c < ColumnLabels.Count; c++)
            {
                double v = Values[r][c], x = left + c * cellWidth, y = top + r * CellHeight;
                bool ok = double.IsFinite(v);
                var rgb = ok ? Palette.ViridisRgb((v - scale.Min) / (scale.Max - scale.Min)) : (224, 224, 224);
                svg.Element("rect", [("class", "cell"), ("data-row", RowLabels[r]), ("data-column", ColumnLabels[c]), ("x", x), ("y", y), ("width", cellWidth),
                    ("height", CellHeight), ("fill", ok ? Palette.Viridis((v - scale.Min) / (scale.Max - scale.Min)) : "#e0e0e0"), ("stroke", "white"), ("stroke-width", 1)]);
                svg.Text(x + cellWidth / 2, y + CellHeight / 2, ok ? v.ToString(CellFormat, System.Globalization.CultureInfo.InvariantCulture) : "–",
                    "cell-label", "middle", fs - 1, baseline: "central", fill: ok ? Palette.TextOn(rgb) : "#555555");
            }
        svg.Close();

        // Colour bar: a vertical gradient with the scale's ticks; the legend of this figure.
        double barTop = top;
        svg.Open("g", ("class", "legend colour-bar"));
        svg.Open("defs");
        svg.Open("linearGradient", ("id", "viridis"), ("x1", 0), ("y1", 1), ("x2", 0), ("y2", 0));
        for (int i = 0; i <= 8; i++) svg.Element("stop", [("offset", i / 8.0), ("stop-color", Palette.Viridis(i / 8.0))]);
        svg.Close();
        svg.Close();
        svg.Element("rect", [("class", "swatch"), ("x", barX), ("y", barTop), ("width", BarWidth), ("height", barHeight), ("fill", "url(#viridis)"), ("stroke", Palette.Axis), ("stroke-width", 0.6)]);
        scale.Place(barTop + barHeight, barTop);
        for (int i = 0; i < scale.Ticks.Count; i++)
        {
            double py = scale.Map(scale.Ticks[i]);
            svg.Open("g", ("class", "tick"));
            svg.Line(barX + BarWidth, py, barX + BarWidth + 4, py, Palette.Axis);
            svg.Text(barX + BarWidth + 6, py, scale.Labels[i], "tick-label", size: fs, baseline: "central");
            svg.Close();
        }
        svg.Text(barX + BarWidth + 10 + barLabels + Frame.FontSize, barTop + barHeight / 2, ValueLabel, "legend-label axis-label", "middle", rotate: -90);
        svg.Close();
        return svg.ToString();
    }
}
