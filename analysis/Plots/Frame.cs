// The frame every Cartesian chart shares: the layout (margins sized from the tick labels, the axis
// labels and the legend, which sits outside the plot area so it never covers data), the title, grid,
// axes with outward ticks, axis labels and the legend. Charts draw their data between Begin and End.
namespace BabyLm.Analysis.Plots;

/// <summary>One legend entry: a line sample (with dash and marker), a filled swatch, or a point with a whisker.</summary>
public sealed record LegendEntry(string Label, string Colour)
{
    public bool Line { get; init; }
    public string? Dash { get; init; }
    public Palette.Marker? Marker { get; init; }
    /// <summary>Fill a swatch behind the sample (bars, bands) with this opacity; 0 = no swatch.</summary>
    public double Fill { get; init; }
    /// <summary>A horizontal whisker with caps (a confidence interval).</summary>
    public bool Whisker { get; init; }
}

internal sealed class Frame
{
    public const double FontSize = 12, TitleSize = 13.5, TickLength = 4, MarkerRadius = 3.4;
    private const double Pad = 10, LegendSample = 28;

    private readonly Svg _svg;
    private readonly string? _xLabel, _yLabel;
    private readonly IReadOnlyList<LegendEntry> _legend;
    private readonly string? _legendTitle;
    private readonly double _legendLeft;

    /// <param name="bottomLabels">Height taken by the x tick labels (rotated category names need more).</param>
    /// <param name="leftLabels">Width taken by the y tick labels.</param>
    /// <param name="rightReserve">Room kept between the plot area and the legend (for notes beside the rows).</param>
    public Frame(double width, double height, string title, string? xLabel, string? yLabel, IReadOnlyList<LegendEntry> legend,
        double leftLabels, double bottomLabels, string? legendTitle = null, double rightReserve = 0)
    {
        _svg = new Svg(width, height, title);
        _xLabel = xLabel;
        _yLabel = yLabel;
        _legend = legend;
        _legendTitle = legendTitle;
        Width = width;
        Height = height;

        double legendWidth = legend.Count == 0 ? 0
            : Pad + Math.Max(legendTitle is null ? 0 : TextMetrics.Width(legendTitle, FontSize) * 1.05,
                LegendSample + 6 + legend.Max(e => TextMetrics.Width(e.Label, FontSize - 1)));
        double top = string.IsNullOrEmpty(title) ? Pad : Pad + TitleSize + 10;
        double left = Pad + (yLabel is null ? 0 : FontSize + 10) + leftLabels + TickLength + 4;
        double bottom = Pad + (xLabel is null ? 0 : FontSize + 8) + bottomLabels + TickLength + 4;
        double right = Pad + legendWidth + (legend.Count > 0 ? 8 : 0) + rightReserve;
        _legendLeft = width - Pad - legendWidth;
        PlotLeft = left;
        PlotTop = top;
        PlotRight = width - right;
        PlotBottom = height - bottom;
        if (PlotRight - PlotLeft < 60 || PlotBottom - PlotTop < 40)
            throw new ArgumentException($"a {width}×{height} figure leaves no room to plot; make it larger");

        if (!string.IsNullOrEmpty(title))
            _svg.Text(PlotLeft, Pad + TitleSize, title, "title", size: TitleSize, weight: "bold");
    }

    public Svg Svg => _svg;
    public double Width { get; }
    public double Height { get; }
    public double PlotLeft { get; }
    public double PlotTop { get; }
    public double PlotRight { get; }
    public double PlotBottom { get; }

    /// <summary>Horizontal grid lines at the y ticks (and vertical ones at x ticks when given), under the data.</summary>
    public void Grid(Axis y, Axis? x = null)
    {
        _svg.Open("g", ("class", "grid"), ("stroke", Palette.Grid), ("stroke-width", 1));
        foreach (var t in y.Ticks) _svg.Element("line", [("x1", PlotLeft), ("y1", y.Map(t)), ("x2", PlotRight), ("y2", y.Map(t))]);
        if (x is not null) foreach (var t in x.Ticks) _svg.Element("line", [("x1", x.Map(t)), ("y1", PlotTop), ("x2", x.Map(t)), ("y2", PlotBottom)]);
        _svg.Close();
    }

    /// <summary>Opens the data layer, clipped to the plot area.</summary>
    public void BeginData()
    {
        _svg.Open("clipPath", ("id", "plot-area"));
        // A little wider than the plot area, so markers on its edges show whole.
        double m = MarkerRadius + 2;
        _svg.Element("rect", [("x", PlotLeft - m), ("y", PlotTop - m), ("width", PlotRight - PlotLeft + 2 * m), ("height", PlotBottom - PlotTop + 2 * m)]);
        _svg.Close();
        _svg.Open("g", ("class", "data"), ("clip-path", "url(#plot-area)"));
    }

    public void EndData() => _svg.Close();

    /// <summary>A numeric x axis along the bottom.</summary>
    public void XAxis(Axis x)
    {
        _svg.Open("g", ("class", "axis x"));
        _svg.Line(PlotLeft, PlotBottom, PlotRight, PlotBottom, Palette.Axis, 1, "axis-line");
        foreach (var t in x.MinorTicks)
            _svg.Line(x.Map(t), PlotBottom, x.Map(t), PlotBottom + TickLength * 0.6, Palette.Axis, 0.8, "minor-tick");
        for (int i = 0; i < x.Ticks.Count; i++)
        {
            double px = x.Map(x.Ticks[i]);
            _svg.Open("g", ("class", "tick"));
            _svg.Line(px, PlotBottom, px, PlotBottom + TickLength, Palette.Axis);
            _svg.Text(px, PlotBottom + TickLength + FontSize + 1, x.Labels[i], "tick-label", "middle", FontSize - 1);
            _svg.Close();
        }
        XLabel(PlotBottom + TickLength + FontSize + 1);
        _svg.Close();
    }

    /// <summary>Category names under the plot, centred at the given x positions, rotated when they would collide.</summary>
    public void XCategories(IReadOnlyList<string> names, IReadOnlyList<double> centres, double rotation)
    {
        _svg.Open("g", ("class", "axis x"));
        _svg.Line(PlotLeft, PlotBottom, PlotRight, PlotBottom, Palette.Axis, 1, "axis-line");
        double lowest = PlotBottom;
        for (int i = 0; i < names.Count; i++)
        {
            _svg.Open("g", ("class", "tick"));
            _svg.Line(centres[i], PlotBottom, centres[i], PlotBottom + TickLength, Palette.Axis);
            double y = PlotBottom + TickLength + FontSize;
            if (rotation == 0) _svg.Text(centres[i], y, names[i], "tick-label", "middle", FontSize - 1);
            else _svg.Text(centres[i] + 3, y - 4, names[i], "tick-label", "end", FontSize - 1, rotation);
            _svg.Close();
            lowest = Math.Max(lowest, y + (rotation == 0 ? 0 : TextMetrics.Width(names[i], FontSize - 1) * Math.Sin(-rotation * Math.PI / 180) - 4));
        }
        XLabel(lowest);
        _svg.Close();
    }

    /// <summary>Category names left of the plot, at the given y positions (forest plots, heatmaps).</summary>
    public void YCategories(IReadOnlyList<string> names, IReadOnlyList<double> centres, bool line = true)
    {
        _svg.Open("g", ("class", "axis y"));
        if (line) _svg.Line(PlotLeft, PlotTop, PlotLeft, PlotBottom, Palette.Axis, 1, "axis-line");
        for (int i = 0; i < names.Count; i++)
        {
            _svg.Open("g", ("class", "tick"));
            if (line) _svg.Line(PlotLeft - TickLength, centres[i], PlotLeft, centres[i], Palette.Axis);
            _svg.Text(PlotLeft - TickLength - 3, centres[i], names[i], "tick-label", "end", FontSize - 1, baseline: "central");
            _svg.Close();
        }
        YLabel();
        _svg.Close();
    }

    public void YAxis(Axis y)
    {
        _svg.Open("g", ("class", "axis y"));
        _svg.Line(PlotLeft, PlotTop, PlotLeft, PlotBottom, Palette.Axis, 1, "axis-line");
        foreach (var t in y.MinorTicks)
            _svg.Line(PlotLeft - TickLength * 0.6, y.Map(t), PlotLeft, y.Map(t), Palette.Axis, 0.8, "minor-tick");
        for (int i = 0; i < y.Ticks.Count; i++)
        {
            double py = y.Map(y.Ticks[i]);
            _svg.Open("g", ("class", "tick"));
            _svg.Line(PlotLeft - TickLength, py, PlotLeft, py, Palette.Axis);
            _svg.Text(PlotLeft - TickLength - 3, py, y.Labels[i], "tick-label", "end", FontSize - 1, baseline: "central");
            _svg.Close();
        }
        YLabel();
        _svg.Close();
    }

    private void XLabel(double below)
    {
        if (_xLabel is null) return;
        _svg.Text((PlotLeft + PlotRight) / 2, Math.Min(Height - Pad, below + FontSize + 8), _xLabel, "axis-label x-label", "middle", FontSize);
    }

    private void YLabel()
    {
        if (_yLabel is null) return;
        double x = Pad + FontSize - 2, y = (PlotTop + PlotBottom) / 2;
        _svg.Text(x, y, _yLabel, "axis-label y-label", "middle", FontSize, -90);
    }

    /// <summary>The legend, right of the plot area, top-aligned with it.</summary>
    public void Legend()
    {
        if (_legend.Count == 0) return;
        double x = _legendLeft + Pad, y = PlotTop + 2;
        _svg.Open("g", ("class", "legend"));
        if (_legendTitle is not null)
        {
            _svg.Text(x, y + FontSize - 2, _legendTitle, "legend-title", size: FontSize - 1, weight: "bold");
            y += FontSize + 6;
        }
        foreach (var e in _legend)
        {
            double cy = y + FontSize / 2;
            _svg.Open("g", ("class", "legend-item"));
            if (e.Fill > 0) _svg.Rect(x, cy - 6, LegendSample, 12, e.Colour, "swatch", opacity: e.Fill);
            if (e.Line) _svg.Element("line", [("x1", x), ("y1", cy), ("x2", x + LegendSample), ("y2", cy), ("stroke", e.Colour), ("stroke-width", 1.8), ("stroke-dasharray", e.Dash)]);
            if (e.Whisker)
            {
                _svg.Line(x + 3, cy, x + LegendSample - 3, cy, e.Colour, 1.4);
                _svg.Line(x + 3, cy - 4, x + 3, cy + 4, e.Colour, 1.4);
                _svg.Line(x + LegendSample - 3, cy - 4, x + LegendSample - 3, cy + 4, e.Colour, 1.4);
            }
            if (e.Marker is { } m)
                _svg.Element("path", [("d", Palette.MarkerPath(m, x + LegendSample / 2, cy, MarkerRadius)), ("fill", e.Colour), ("stroke", "white"), ("stroke-width", 0.6)]);
            _svg.Text(x + LegendSample + 6, cy, e.Label, "legend-label", size: FontSize - 1, baseline: "central");
            _svg.Close();
            y += FontSize + 7;
        }
        _svg.Close();
    }

    public override string ToString() => _svg.ToString();

    /// <summary>The widest of some tick labels, for the left margin.</summary>
    public static double LabelWidth(IEnumerable<string> labels, double size = FontSize - 1)
        => labels.Select(l => TextMetrics.Width(l, size)).DefaultIfEmpty(0).Max();
}
