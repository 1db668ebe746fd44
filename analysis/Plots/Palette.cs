// Colours and line styles that survive colour blindness and black-and-white printing: the Okabe–Ito
// qualitative palette (Okabe & Ito 2008; yellow last, it is faint on white), a dash pattern and a
// marker shape per series so lines stay distinguishable without colour, and viridis for sequential
// scales (perceptually uniform, readable in grey).
namespace BabyLm.Analysis.Plots;

public static class Palette
{
    /// <summary>Okabe–Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue, black, yellow.</summary>
    public static readonly IReadOnlyList<string> Categorical =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    public static readonly IReadOnlyList<string?> Dashes = [null, "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 4", "3 2 1 2"];

    public enum Marker { Circle, Square, TriangleUp, Diamond, TriangleDown, Cross, Plus, Star }

    public const string Text = "#222";
    public const string Axis = "#444";
    public const string Grid = "#e6e6e6";
    public const string Reference = "#666";

    public static string Colour(int i) => Categorical[i % Categorical.Count];
    public static string? Dash(int i) => Dashes[i % Dashes.Count];
    public static Marker MarkerOf(int i) => (Marker)(i % 8);

    // viridis at 9 evenly spaced points (matplotlib's table), interpolated linearly in RGB.
    private static readonly (double R, double G, double B)[] s_viridis =
    [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ];

    /// <summary>viridis at t ∈ [0, 1] as #rrggbb.</summary>
    public static string Viridis(double t)
    {
        var (r, g, b) = ViridisRgb(t);
        return $"#{(int)Math.Round(r):x2}{(int)Math.Round(g):x2}{(int)Math.Round(b):x2}";
    }

    public static (double R, double G, double B) ViridisRgb(double t)
    {
        t = Math.Clamp(double.IsNaN(t) ? 0 : t, 0, 1) * (s_viridis.Length - 1);
        int i = Math.Min((int)t, s_viridis.Length - 2);
        double f = t - i;
        var (a, b) = (s_viridis[i], s_viridis[i + 1]);
        return (a.R + f * (b.R - a.R), a.G + f * (b.G - a.G), a.B + f * (b.B - a.B));
    }

    /// <summary>Black or white, whichever reads better on the background (WCAG relative luminance).</summary>
    public static string TextOn((double R, double G, double B) c)
    {
        static double Lin(double v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4); }
        double l = 0.2126 * Lin(c.R) + 0.7152 * Lin(c.G) + 0.0722 * Lin(c.B);
        return l > 0.22 ? "#000000" : "#ffffff";
    }

    /// <summary>An SVG path for a marker of radius r centred at (x, y).</summary>
    public static string MarkerPath(Marker m, double x, double y, double r)
    {
        string P(params (double X, double Y)[] pts) => Svg.PathThrough(pts.Select(p => (x + p.X * r, y + p.Y * r))) + " Z";
        return m switch
        {
            Marker.Circle => $"M{Svg.N(x - r)} {Svg.N(y)} a{Svg.N(r)} {Svg.N(r)} 0 1 0 {Svg.N(2 * r)} 0 a{Svg.N(r)} {Svg.N(r)} 0 1 0 {Svg.N(-2 * r)} 0 Z",
            Marker.Square => P((-0.85, -0.85), (0.85, -0.85), (0.85, 0.85), (-0.85, 0.85)),
            Marker.TriangleUp => P((0, -1.15), (1.05, 0.7), (-1.05, 0.7)),
            Marker.Diamond => P((0, -1.2), (1, 0), (0, 1.2), (-1, 0)),
            Marker.TriangleDown => P((0, 1.15), (1.05, -0.7), (-1.05, -0.7)),
            Marker.Cross => P((-1, -0.6), (-0.6, -1), (0, -0.4), (0.6, -1), (1, -0.6), (0.4, 0), (1, 0.6), (0.6, 1), (0, 0.4), (-0.6, 1), (-1, 0.6), (-0.4, 0)),
            Marker.Plus => P((-0.3, -1), (0.3, -1), (0.3, -0.3), (1, -0.3), (1, 0.3), (0.3, 0.3), (0.3, 1), (-0.3, 1), (-0.3, 0.3), (-1, 0.3), (-1, -0.3), (-0.3, -0.3)),
            _ => P(Enumerable.Range(0, 10).Select(k => (Math.Sin(k * Math.PI / 5) * (k % 2 == 0 ? 1.2 : 0.5), -Math.Cos(k * Math.PI / 5) * (k % 2 == 0 ? 1.2 : 0.5))).ToArray()),
        };
    }
}
